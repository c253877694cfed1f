"""The errors kg raises. The CLI maps each class to an exit code and a one-line message."""

from __future__ import annotations


class KgError(Exception):
    """Base class: something kg cannot do with the input it was given."""

    exit_code = 2


class InputError(KgError):
    """A report, corrections file, query or option that kg cannot read or use."""

    exit_code = 2


class NotFoundError(KgError):
    """A named thing (report, partner, saved query, ...) that is not there."""

    exit_code = 2


class ValidationError(KgError):
    """A graph that does not conform to the SHACL shapes."""

    exit_code = 1


class StoreError(KgError):
    """A store or endpoint that cannot be opened, reached or written."""

    exit_code = 3
