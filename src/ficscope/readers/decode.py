"""Bytes to text: BOMs, UTF-16, UTF-8, then the Windows and Latin-1 encodings readers meet.

Line endings become ``\\n`` here, once, so every later offset is into that text.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import BinaryInputError, EmptyInputError, EncodingError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A multi-byte UTF-8 sequence: the sign a file was (at least partly) written as UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Single-byte Western encodings: where charset-normalizer picks one of these we decide
# between cp1252 and Latin-1 ourselves, which is right for fan fiction far more often.
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "mac_roman", "cp850", "ascii"}


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _western(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise an ``InputError`` for text that is not text."""
    encoding: str | None = None
    body = data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom):]
            break
    if encoding is None:
        encoding = _utf16_without_bom(data)
    if encoding is not None:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EncodingError(f"declares {encoding} but is not valid {encoding} at byte {exc.start}") from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            if _looks_binary(data):
                raise BinaryInputError("is binary data, not text, HTML or EPUB") from None
            if _UTF8_MULTIBYTE.search(data):
                raise EncodingError(
                    f"mixes encodings: UTF-8 text with bytes that are not UTF-8 (first at byte {exc.start}); "
                    "re-save it as UTF-8"
                ) from None
            if b"\x00" in data:
                raise BinaryInputError("is binary data, not text, HTML or EPUB") from None
            guess = from_bytes(data[:65536]).best()
            if guess is None or guess.encoding in _WESTERN:
                text = _western(data)
                encoding = "cp1252/latin-1"
            else:
                text, encoding = data.decode(guess.encoding, errors="replace"), guess.encoding
    return _check_text(text), encoding


def _looks_binary(data: bytes) -> bool:
    """Control bytes no text encoding uses, more than one byte in a hundred (random or
    compressed data has about one in ten; text that mixes encodings has none)."""
    sample = data[:65536]
    return len(_CONTROL_BYTES.findall(sample)) > max(8, len(sample) // 100)


def _check_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError("is empty" if not text else "holds only whitespace")
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise BinaryInputError("is binary data, not text, HTML or EPUB")
    return text
