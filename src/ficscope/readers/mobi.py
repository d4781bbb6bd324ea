"""MOBI and AZW3 (KF8) books: the Palm database records and their PalmDOC text.

A small reader of its own (the ``mobi`` package on PyPI is GPL): the PDB record table,
the MOBI header's text encoding and trailing-entry flags, and PalmDOC (LZ77-style)
decompression. The bytes it inflates are counted as they are produced, never taken
from the header's claimed text length, and reading stops at ``max_bytes``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ..errors import MalformedMobiError, TooLargeError, UnsupportedFormatError
from . import kf8

_ENCODINGS = {65001: "utf-8", 1252: "cp1252"}


@dataclass(slots=True)
class MobiBook:
    version: int  # 6 for MOBI, 8 for KF8 (AZW3)
    title: str | None
    markup: str  # the book's text records, decompressed and decoded
    files: list[str] | None = None  # KF8: each XHTML file rebuilt from its skeleton and fragments


def read_book(data: bytes, *, max_bytes: int) -> MobiBook:
    """Open a MOBI/AZW3 file's text; raise ``MalformedMobiError`` or ``TooLargeError``."""
    records = _records(data)
    header = records[0]
    if len(header) < 32 or header[16:20] != b"MOBI":
        raise MalformedMobiError("is a Palm database but has no MOBI header")
    compression, _, _, text_records = struct.unpack(">HHIH", header[:10])
    encryption = struct.unpack(">H", header[12:14])[0]
    if encryption:
        raise UnsupportedFormatError("is a DRM-protected Kindle book; only DRM-free MOBI/AZW3 files can be read")
    if compression not in (1, 2):
        raise UnsupportedFormatError(f"is a MOBI book with compression {compression} (HUFF/CDIC), which ficscope cannot read")
    header_length, _, encoding = struct.unpack(">III", header[20:32])
    version = struct.unpack(">I", header[36:40])[0] if len(header) >= 40 else 6
    flags = struct.unpack(">H", header[0xF2:0xF4])[0] if header_length >= 0xE4 and len(header) >= 0xF4 else 0
    out = bytearray()
    for index in range(1, min(text_records, len(records) - 1) + 1):
        record = _strip_trailing(records[index], flags)
        if compression == 2:
            _palmdoc(record, out, max_bytes)
        else:
            out += record
        if len(out) > max_bytes:
            raise TooLargeError(f"unpacks to over {max_bytes / 1048576:.0f} MB of text, the limit for one work (--max-mb raises it)")
    codec = _ENCODINGS.get(encoding, "cp1252")
    text = bytes(out)
    rebuilt = kf8.files(records, header, text) if version >= 8 else None
    return MobiBook(
        version=version,
        title=_title(header, codec),
        markup=text.decode(codec, errors="replace"),
        files=[part.decode(codec, errors="replace") for part in rebuilt] if rebuilt is not None else None,
    )


def _records(data: bytes) -> list[bytes]:
    if len(data) < 78:
        raise MalformedMobiError("is too short to be a MOBI book")
    count = struct.unpack(">H", data[76:78])[0]
    table_end = 78 + 8 * count
    if count == 0 or table_end > len(data):
        raise MalformedMobiError("is a MOBI book with a damaged record table")
    offsets = [struct.unpack(">I", data[78 + 8 * i : 82 + 8 * i])[0] for i in range(count)]
    offsets.append(len(data))
    if any(not table_end <= a <= b <= len(data) for a, b in zip(offsets, offsets[1:])):
        raise MalformedMobiError("is a MOBI book whose record table points outside the file")
    return [data[a:b] for a, b in zip(offsets, offsets[1:])]


def _strip_trailing(record: bytes, flags: int) -> bytes:
    """A text record without the trailing entries its header flags announce."""
    size = len(record)
    for bit in range(15, 0, -1):
        if flags & (1 << bit) and size > 0:
            value = 0
            for back in range(1, min(4, size) + 1):  # a size written backwards, 7 bits a byte
                byte = record[size - back]
                value |= (byte & 0x7F) << (7 * (back - 1))
                if byte & 0x80:
                    break
            size -= min(value, size)
    if flags & 1 and size > 0:
        size -= min((record[size - 1] & 3) + 1, size)
    return record[:size]


def _palmdoc(data: bytes, out: bytearray, limit: int) -> None:
    """Append the PalmDOC decompression of ``data`` to ``out``; stop past ``limit``."""
    i, n = 0, len(data)
    while i < n and len(out) <= limit:
        byte = data[i]
        i += 1
        if byte == 0 or 9 <= byte <= 0x7F:
            out.append(byte)
        elif byte <= 8:
            out += data[i : i + byte]
            i += byte
        elif byte >= 0xC0:
            out += b" "
            out.append(byte ^ 0x80)
        else:
            if i >= n:
                break
            pair = (byte << 8) | data[i]
            i += 1
            distance, length = (pair >> 3) & 0x7FF, (pair & 7) + 3
            if distance == 0 or distance > len(out):
                raise MalformedMobiError("is a MOBI book with damaged compressed text")
            start = len(out) - distance
            for k in range(length):  # may overlap what it copies
                out.append(out[start + k])


def _title(header: bytes, codec: str) -> str | None:
    if len(header) < 0x5C:
        return None
    offset, length = struct.unpack(">II", header[0x54:0x5C])
    raw = header[offset : offset + length]
    return raw.decode(codec, errors="replace").strip() or None
