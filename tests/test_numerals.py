"""Chinese numerals: the shared reader used by metadata (dates) and outline markers."""

from __future__ import annotations

import pytest

from policytext.numerals import ascii_digits, chinese_digit_string, int_to_chinese, parse_numeral


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("三十一", 31), ("一百", 100),
    ("一百零五", 105), ("两百", 200), ("１２", 12), ("7", 7), ("〇", 0),
])
def test_parse_numeral(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize("bad", ["", "十a", "年", "一.五"])
def test_parse_numeral_rejects(bad):
    with pytest.raises(ValueError):
        parse_numeral(bad)


def test_round_trip():
    for n in range(1000):
        assert parse_numeral(int_to_chinese(n)) == n
    with pytest.raises(ValueError):
        int_to_chinese(1000)


def test_digit_strings():
    assert chinese_digit_string("一九七○") == 1970
    assert chinese_digit_string("二〇二四") == 2024
    with pytest.raises(ValueError):
        chinese_digit_string("一九十")
    assert ascii_digits("２０２４年") == "2024年"


def test_thousands_and_ten_thousands():
    """Figures in work reports need 千 and 万 (一千二百万人, 一万二千): the targets parser reads them here."""
    from policytext.numerals import parse_numeral

    assert parse_numeral("一千二百") == 1200
    assert parse_numeral("一千零五") == 1005
    assert parse_numeral("一万二千") == 12000
    assert parse_numeral("一千二百万") == 12_000_000
