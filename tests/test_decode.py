import codecs

import pytest

from ficscope.errors import BinaryInputError, EmptyInputError, EncodingError
from ficscope.readers.decode import decode

STORY = "\u201cCaf\u00e9?\u201d she asked. \u2018Na\u00efve,\u2019 he said \u2014 and left.\n"


@pytest.mark.parametrize(
    "data",
    [
        STORY.encode("utf-8"),
        codecs.BOM_UTF8 + STORY.encode("utf-8"),
        codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"),
        STORY.encode("utf-16-le"),
        STORY.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "cp1252"],
)
def test_common_encodings_decode_to_the_same_text(data: bytes) -> None:
    text, _ = decode(data)
    assert text == STORY


def test_latin1_bytes_outside_cp1252_still_decode() -> None:
    text, _ = decode("Caf\u00e9 \x81 ok".encode("latin-1") + b" story text here")
    assert text.startswith("Caf\u00e9")


def test_crlf_and_cr_become_newlines() -> None:
    text, _ = decode(b"one\r\ntwo\rthree\n")
    assert text == "one\ntwo\nthree\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_or_blank_input_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode(data)


def test_binary_junk_is_refused() -> None:
    with pytest.raises((BinaryInputError, EncodingError)):
        decode(bytes(range(256)) * 20)


def test_mixed_utf8_and_cp1252_is_refused_with_the_reason() -> None:
    data = "\u201cHello,\u201d she said.".encode("utf-8") + " \u201cBye.\u201d".encode("cp1252")
    with pytest.raises(EncodingError, match="mixes encodings"):
        decode(data)
