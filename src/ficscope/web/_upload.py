"""An uploaded work, read from the request body into memory within a size limit.

Nothing touches the disk: Starlette's own form parser spools a large file to the
system's temporary directory, outside the library's data directory, so uploads are
parsed here with python-multipart's streaming parser instead. The client's file
name is kept only as a label for messages; it is never used as a path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from ..errors import TooLargeError, UploadError
from ..model import Work
from ..readers import read_bytes

# Room for the form's other fields and the multipart framing around the file.
FORM_OVERHEAD = 256 * 1024
# An over-large body is read (and dropped) up to this many times the limit, so the
# browser sees the 413 page instead of a reset connection; beyond it we stop reading.
_DRAIN_FACTOR = 8
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(slots=True)
class Upload:
    """A parsed form: its text fields and its one file (``filename`` None without one)."""

    fields: dict[str, str] = field(default_factory=dict)
    filename: str | None = None
    data: bytes = b""


def megabytes(n: int) -> str:
    return f"{n / 1048576:g} MB" if n >= 1048576 else f"{n / 1024:g} KB"


def safe_name(name: str | None) -> str:
    """The last part of a client's file name, without control characters, for messages."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = _UNSAFE_NAME.sub("", base).strip()[:120]
    return base or "upload"


def _too_large(max_bytes: int, size: int | None = None) -> TooLargeError:
    size_text = f"is {megabytes(size)}, " if size is not None else "is "
    return TooLargeError(
        f"the upload {size_text}over the {megabytes(max_bytes)} limit for one work"
        " (start the server with --max-upload-mb to raise it)"
    )


class _Parts:
    """python-multipart callbacks that collect the parts of one form."""

    def __init__(self, upload: Upload) -> None:
        self.upload = upload
        self.headers: dict[bytes, bytes] = {}
        self.header_field = bytearray()
        self.header_value = bytearray()
        self.data = bytearray()
        self.files = 0

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda data, start, end: self.header_field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self.header_value.extend(data[start:end]),
            "on_header_end": self.header_end,
            "on_part_data": lambda data, start, end: self.data.extend(data[start:end]),
            "on_part_end": self.part_end,
        }

    def part_begin(self) -> None:
        self.headers = {}
        self.data = bytearray()

    def header_end(self) -> None:
        self.headers[bytes(self.header_field).lower()] = bytes(self.header_value)
        self.header_field.clear()
        self.header_value.clear()

    def part_end(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition"))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            if not options[b"filename"] and not self.data:
                return  # the browser's empty file field: no file chosen
            self.files += 1
            if self.files > 1:
                raise UploadError("send one file at a time")
            self.upload.filename = safe_name(options[b"filename"].decode("utf-8", "replace"))
            self.upload.data = bytes(self.data)
        elif name:
            self.upload.fields[name] = self.data.decode("utf-8", "replace")


async def read_form(request: Request, max_bytes: int) -> Upload:
    """Parse a multipart form of at most ``max_bytes`` of file (plus a little room for
    the other fields) without writing anything to disk."""
    content_type, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise UploadError("send the work as multipart/form-data, the file in a field named 'file'")
    limit = max_bytes + FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        await _drain(request, limit * _DRAIN_FACTOR)
        raise _too_large(max_bytes, int(declared))
    upload = Upload()
    parts = _Parts(upload)
    parser = MultipartParser(boundary, parts.callbacks())  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                await _drain(request, limit * _DRAIN_FACTOR - received)
                raise _too_large(max_bytes)
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        raise UploadError(f"the form could not be read ({exc})") from None
    return upload


async def _drain(request: Request, budget: int) -> None:
    """Read what the client still sends and drop it, up to ``budget`` bytes."""
    async for chunk in request.stream():
        budget -= len(chunk)
        if budget <= 0:
            return


def work_from(upload: Upload, max_bytes: int) -> Work:
    """The work in the form's file, or in its pasted ``text`` field."""
    if upload.filename is not None and upload.data:
        data, source = upload.data, upload.filename
    elif upload.fields.get("text", "").strip():
        data, source = upload.fields["text"].encode("utf-8"), "pasted text"
    elif upload.filename is not None:
        raise UploadError("the file is empty", path=upload.filename)
    else:
        raise UploadError("choose a file to upload, or paste the work's text")
    if len(data) > max_bytes:
        raise _too_large(max_bytes, len(data))
    return read_bytes(data, source)
