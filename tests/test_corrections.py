"""Corrections files: the documented format, and clear errors for bad ones."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.readers.corrections import load_corrections


def test_bundled_corrections_file_reads(bundled):
    corrections = load_corrections(bundled.with_name("unwomen-mexico-2022.corrections.toml"))
    assert [c.id for c in corrections.outcomes] == ["XM-DAC-41146-MEX_D_3.1"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[[outcome]\nid = 1", "not a valid corrections file"),
        (b'[[outcome]]\nstatement = "By 2025"\n', "needs an id"),
        (b'[[outcome]]\nid = "X-1"\n', "needs a statement or was"),
        (b'[[outcome]]\nid = "X-1"\nwas = "X-2"\ncolour = "red"\n', "unknown key colour"),
        # an id no OUTCOME header could carry: refused here, not later as a shapes violation
        (b'[[outcome]]\nid = "has space"\nwas = "X-2"\n', "'has space' is not an outcome"),
        (b'[[outcome]]\nid = ""\nwas = "X-2"\n', "'' is not an outcome identifier"),
        (b'[[outcome]]\nid = "X-1/2"\nwas = "X-2"\n', "'X-1/2' is not an outcome"),
        (b'[report]\ntitle = "x"\n', "unknown section report"),
        (b"\xff\xfe[", "not UTF-8"),
    ],
)
def test_bad_corrections_files(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_corrections(path)
    assert message in str(info.value) and str(path) in str(info.value)


def test_missing_and_unreadable_corrections_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_corrections(tmp_path / "absent.toml")
    with pytest.raises(InputError, match="is a directory, not a corrections file"):
        load_corrections(tmp_path)
