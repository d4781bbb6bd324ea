"""KF8 (AZW3) text put back together from its skeleton and fragment indexes.

KF8 stores each XHTML file as a skeleton (the file with its body content taken out)
followed by fragments, each to be inserted at a position the fragment index gives.
The indexes are INDX records: a primary record with the TAGX table that says how each
entry's tag values are packed, then data records whose IDXT lists the entries.
"""

from __future__ import annotations

import struct

from ..errors import MalformedMobiError

_NO_INDEX = 0xFFFFFFFF


def files(records: list[bytes], header: bytes, text: bytes) -> list[bytes] | None:
    """Each XHTML file of the book, or None when it has no usable skeleton index."""
    if len(header) < 0x100:
        return None
    fragment_index, skeleton_index = struct.unpack(">II", header[0xF8:0x100])
    if _NO_INDEX in (fragment_index, skeleton_index):
        return None
    try:
        skeletons = _entries(records, skeleton_index)
        fragments = _entries(records, fragment_index)
    except (IndexError, struct.error):
        raise MalformedMobiError("is a KF8 book with a damaged skeleton or fragment index") from None
    built: list[bytes] = []
    position = 0
    for _, tags in skeletons:
        count = tags.get(1, [0])[0]
        start, length = tags.get(6, [0, 0])[:2]
        skeleton = text[start : start + length]
        base = start + length
        for name, fragment_tags in fragments[position : position + count]:
            insert = int(name) - start
            frag_start, frag_length = fragment_tags.get(6, [0, 0])[:2]
            piece = text[base : base + frag_length]
            base += frag_length
            if not 0 <= insert <= len(skeleton):
                raise MalformedMobiError("is a KF8 book whose fragment index points outside its file")
            skeleton = skeleton[:insert] + piece + skeleton[insert:]
        position += count
        built.append(skeleton)
    return built


def _entries(records: list[bytes], first: int) -> list[tuple[str, dict[int, list[int]]]]:
    primary = records[first]
    if primary[:4] != b"INDX":
        raise IndexError("no INDX record")
    header_length, data_records = struct.unpack(">I", primary[4:8])[0], struct.unpack(">I", primary[24:28])[0]
    tagx = primary[header_length:]
    if tagx[:4] != b"TAGX":
        raise IndexError("no TAGX table")
    tagx_length, control_bytes = struct.unpack(">II", tagx[4:12])
    table = [tuple(tagx[i : i + 4]) for i in range(12, tagx_length, 4)]
    entries = []
    for record in records[first + 1 : first + 1 + data_records]:
        idxt, count = struct.unpack(">II", record[20:28])
        offsets = [struct.unpack(">H", record[idxt + 4 + 2 * i : idxt + 6 + 2 * i])[0] for i in range(count)]
        offsets.append(idxt)
        for begin, end in zip(offsets, offsets[1:]):
            entries.append(_entry(record[begin:end], table, control_bytes))
    return entries


def _entry(raw: bytes, table: list[tuple[int, ...]], control_bytes: int) -> tuple[str, dict[int, list[int]]]:
    name_length = raw[0]
    name = raw[1 : 1 + name_length].decode("latin-1")
    position = 1 + name_length
    controls = raw[position : position + control_bytes]
    position += control_bytes
    plan: list[tuple[int, int, int | None, int | None]] = []  # tag, per entry, count, byte length
    control = 0
    for tag, per_entry, mask, end in table:
        if end:
            control += 1
            continue
        value = controls[control] & mask
        if not value:
            continue
        if value == mask and bin(mask).count("1") > 1:
            byte_length, position = _varint(raw, position)
            plan.append((tag, per_entry, None, byte_length))
        else:
            while not mask & 1:
                mask >>= 1
                value >>= 1
            plan.append((tag, per_entry, value, None))
    tags: dict[int, list[int]] = {}
    for tag, per_entry, count, byte_length in plan:
        values: list[int] = []
        if count is not None:
            for _ in range(count * per_entry):
                value, position = _varint(raw, position)
                values.append(value)
        else:
            stop = position + (byte_length or 0)
            while position < stop:
                value, position = _varint(raw, position)
                values.append(value)
        tags[tag] = values
    return name, tags


def _varint(raw: bytes, position: int) -> tuple[int, int]:
    """A forward variable-width integer: 7 bits a byte, the last byte's top bit set."""
    value = 0
    while True:
        byte = raw[position]
        position += 1
        value = (value << 7) | (byte & 0x7F)
        if byte & 0x80:
            return value, position
