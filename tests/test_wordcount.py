import pytest

from ficscope.wordcount import count_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("one two three four", 4),
        ("one\ntwo\nthree\nfour", 4),
        ("arm-rest is hyphenated", 3),
        ("don't do that", 3),
        ("don\u2019t do that", 3),
        ("one -- two -- three", 3),
        ("one--two--three", 3),
        ("one\u2014two\u2014three", 3),
        ("one / two | three", 3),
        ("zw\u00f6lf na\u00efve fianc\u00e9s", 3),
        ('"Hey Bob," said Alice, \'Yay?!?\'', 5),
        ("* * * ~~~ -----", 0),
        ("\u4e00\u4e2a\u7b80\u5355\u306e\u6817\u5b50", 7),
        ("Chapter 3", 2),
    ],
)
def test_words_are_counted_as_ao3_counts_them(text: str, expected: int) -> None:
    assert count_words(text) == expected
