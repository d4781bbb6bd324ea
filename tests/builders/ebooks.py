"""Small MOBI and PDF files built from original text, for the readers' tests."""

from __future__ import annotations

import struct


def mobi_book(markup: str, *, title: str = "Harbour Lights", record_size: int = 4096) -> bytes:
    """An uncompressed MOBI 6 book holding ``markup`` as its text."""
    text = markup.encode("utf-8")
    chunks = [text[i : i + record_size] for i in range(0, len(text), record_size)] or [b""]
    name = title.encode("utf-8")
    mobi = bytearray(0xE8)
    mobi[0:4] = b"MOBI"
    struct.pack_into(">III", mobi, 4, 0xE8, 2, 65001)  # header length, book type, UTF-8
    struct.pack_into(">I", mobi, 20, 6)  # format version
    struct.pack_into(">II", mobi, 0x54 - 16, 16 + 0xE8, len(name))  # full name offset and length
    record0 = struct.pack(">HHIHHHH", 1, 0, len(text), len(chunks), record_size, 0, 0) + bytes(mobi) + name
    return palm_database([record0, *chunks])


def palm_database(records: list[bytes]) -> bytes:
    header = bytearray(78)
    header[0:8] = b"fixture\x00"
    header[60:68] = b"BOOKMOBI"
    struct.pack_into(">H", header, 76, len(records))
    offset = 78 + 8 * len(records) + 2
    table = bytearray()
    for index, record in enumerate(records):
        table += struct.pack(">II", offset, index)
        offset += len(record)
    return bytes(header) + bytes(table) + b"\x00\x00" + b"".join(records)


def pdf_document(lines: list[str], *, title: str = "Harbour Lights") -> bytes:
    """A one-page PDF with ``lines`` of Helvetica text and ``title`` in its metadata."""
    shown = " ".join(f"({_escape(line)}) Tj 0 -16 Td" for line in lines)
    content = f"BT /F1 12 Tf 72 720 Td {shown} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({_escape(title)}) >>".encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
