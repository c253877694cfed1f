#!/usr/bin/env bash
# Install everything the tests need on a fresh machine (Python 3.11 + pip assumed), then run them.
# Browser tests use Debian's chromium (installed with apt-get when missing and we are root);
# remote-store tests use the oxigraph server from PyPI (a test dependency).
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e '.[test]'

if ! command -v chromium >/dev/null 2>&1 && [ -z "${KG_SKIP_BROWSER_INSTALL:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: chromium is missing and cannot be installed here (not root with apt-get)" >&2
    exit 2
  fi
fi

# The OWL 2 DL profile check (tests/test_ontology.py) runs the OWL API from Debian's libowlapi-java.
if [ ! -e /usr/share/java/owlapi-distribution.jar ] && [ "$(id -u)" = 0 ] \
  && command -v apt-get >/dev/null 2>&1 && [ -z "${KG_SKIP_OWLAPI_INSTALL:-}" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libowlapi-java >/dev/null
fi

python -m ruff check kg tests benchmarks
python -m ruff format --check kg tests benchmarks
python -m pytest -q "$@"
