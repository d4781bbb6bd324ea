"""One exception hierarchy with stable codes.

Library code raises these; only the CLI and the web app turn them into exit codes
or HTTP statuses. ``str(error)`` is one line a reader can act on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager


class FicscopeError(Exception):
    """Base of every error ficscope raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        where = f"{printable(self.path)}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"


def printable(name: str) -> str:
    """``name`` with every control or line-breaking character written as an escape
    (``\\n``, ``\\x1b``, ``\\u2028``), so a file name cannot split a one-line message or
    send commands to the terminal."""
    if name.isprintable():
        return name
    return "".join(_escaped(char) for char in name)


def _escaped(char: str) -> str:
    if char.isprintable() or unicodedata.category(char) == "Zs":  # spaces stay as they are
        return char
    escape = repr(char)[1:-1]
    return escape if escape != char else f"\\u{ord(char):04x}"


class InputError(FicscopeError):
    """The file cannot be read as a work."""

    code = "E100"


class FileMissingError(InputError):
    code = "E101"


class NotAFileError(InputError):
    code = "E102"


class EmptyInputError(InputError):
    code = "E103"


class TooLargeError(InputError):
    code = "E104"


class EncodingError(InputError):
    code = "E105"


class BinaryInputError(InputError):
    code = "E106"


class UnsupportedFormatError(InputError):
    code = "E107"


class MalformedEpubError(InputError):
    code = "E110"


class MalformedHtmlError(InputError):
    code = "E111"


class MalformedMobiError(InputError):
    """A MOBI/AZW3 book whose records or compressed text are damaged."""

    code = "E114"


class MalformedPdfError(InputError):
    """A PDF that cannot be opened or holds no text to read."""

    code = "E115"


class NotAWorkError(InputError):
    code = "E112"


class UploadError(InputError):
    """An upload is not a form carrying a work (the web app's add form and API)."""

    code = "E113"


class DeclaredTagsError(InputError):
    """A declaration given by hand (``ficscope check --declared``) cannot be read."""

    code = "E120"


class PipelineError(FicscopeError):
    """The pipeline is wired wrongly: a stage needs something nothing produces."""

    code = "E200"


class LibraryError(FicscopeError):
    """The library (the SQLite store of works) cannot do what was asked."""

    code = "E400"


class DatabaseError(LibraryError):
    """The database file cannot be opened, is not a ficscope library, or is damaged."""

    code = "E401"


class NewerDatabaseError(LibraryError):
    """The database was made by a newer ficscope than this one."""

    code = "E402"


class WorkNotFoundError(LibraryError):
    """No stored work (or no such chapter of it) has the number asked for."""

    code = "E403"


class FilterError(LibraryError):
    """A search query or filter is malformed; the message says what was expected."""

    code = "E404"


class WebError(FicscopeError):
    """The web app refuses a request."""

    code = "E500"


class CrossSiteError(WebError):
    """A state-changing request came from another site, or without its form token or API header."""

    code = "E501"


class UnknownHostError(WebError):
    """The request named a host the app does not answer to (DNS rebinding)."""

    code = "E502"


class BatchError(FicscopeError):
    """A batch cannot start or go on: nothing to read, an output that is not ours, no scheduler."""

    code = "E600"


class SchedulerError(BatchError):
    """The Dask scheduler cannot be reached, or its cluster cannot run ficscope."""

    code = "E601"


@contextmanager
def reported_as_ficscope_error(path: str | None, *, reading: type[FicscopeError] = FicscopeError) -> Iterator[None]:
    """Anything but a FicscopeError raised inside becomes one, so a caller prints one
    line (or answers one status) instead of a traceback. A file nested too deeply or
    too large for memory is a ``reading`` error; anything else is a bug of ours."""
    try:
        yield
    except FicscopeError:
        raise
    except RecursionError:
        raise reading("the file nests too deeply to read", path=path) from None
    except MemoryError:
        raise reading("the file is too large to read in the memory available", path=path) from None
    except Exception as exc:
        raise FicscopeError(f"internal error ({type(exc).__name__}: {exc}); please report it", path=path) from None
