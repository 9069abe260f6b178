"""Chinese numerals: reading 一 … 九千九百九十九万, 〇-digit years and full-width digits.

The one home for numeral tables. Outline markers (第十二条, （三）), dates (一九七〇年八月二十三日)
and numbered formulations all read numbers written three ways: Arabic digits (half- or
full-width, ``12``/``１２``), Chinese numbers with units (十二, 一百零五) and Chinese digit strings
(一九七〇, where 〇/○/零 is zero). Nothing here guesses: a string that is not a numeral raises
``ValueError``.
"""

from __future__ import annotations

__all__ = [
    "CHINESE_DIGITS",
    "ascii_digit_string",
    "ascii_digits",
    "chinese_digit_string",
    "int_to_chinese",
    "parse_numeral",
]

#: Value of each Chinese digit character (〇 and the look-alike ○ are both zero; 两 is two).
CHINESE_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_SMALL = "零一二三四五六七八九"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


_DIGITS = str.maketrans({**{c: str(v) for c, v in CHINESE_DIGITS.items()},
                        **{chr(0xFF10 + d): str(d) for d in range(10)}})


def ascii_digits(s: str) -> str:
    """``s`` with full-width digits (０-９) replaced by ASCII digits; other characters kept."""
    return s.translate(_FULLWIDTH)


def ascii_digit_string(s: str) -> str:
    """``s`` with full-width digits and Chinese digits (一, 〇, 零…) written as ASCII digits,
    place by place; other characters kept: ``二〇二〇`` and ``２０２０`` → ``2020``."""
    return s.translate(_DIGITS)


def parse_numeral(s: str) -> int:
    """Value of a Chinese (一 … 九百九十九, 一千二百, 一万二千) or Arabic (half/full-width) numeral.

    Raises
    ------
    ValueError
        When ``s`` is empty or holds a character that is not part of a numeral.

    Examples
    --------
    >>> parse_numeral("十二"), parse_numeral("二十"), parse_numeral("１２"), parse_numeral("一百零五")
    (12, 20, 12, 105)
    """
    t = ascii_digits(s)
    if t.isdigit():
        return int(t)
    if not s:
        raise ValueError("not a numeral: ''")
    total, section, cur = 0, 0, 0  # 万 closes a section: 一千二百万三千 = 1200 * 10,000 + 3000
    for ch in s:
        if ch in CHINESE_DIGITS:
            cur = CHINESE_DIGITS[ch]
        elif ch in _UNITS:
            section += (cur or 1) * _UNITS[ch]
            cur = 0
        elif ch == "万":
            total += (section + cur) * 10_000
            section, cur = 0, 0
        else:
            raise ValueError(f"not a numeral: {s!r}")
    return total + section + cur


def chinese_digit_string(s: str) -> int:
    """Value of a string of Chinese digits read place by place: ``一九七〇`` → 1970.

    Raises
    ------
    ValueError
        When a character is not a Chinese digit (units such as 十 are not digits here).

    Examples
    --------
    >>> chinese_digit_string("一九七○"), chinese_digit_string("二〇二四")
    (1970, 2024)
    """
    if not s:
        raise ValueError("not a digit string: ''")
    try:
        return int("".join(str(CHINESE_DIGITS[c]) for c in s))
    except KeyError:
        raise ValueError(f"not a Chinese digit string: {s!r}") from None


def int_to_chinese(n: int) -> str:
    """Chinese numeral for 0 ≤ n < 1000, as outline markers write it (十二, 一百零五).

    Examples
    --------
    >>> int_to_chinese(12), int_to_chinese(20), int_to_chinese(105), int_to_chinese(110)
    ('十二', '二十', '一百零五', '一百一十')
    """
    if not 0 <= n < 1000:
        raise ValueError(f"int_to_chinese handles 0 … 999, not {n}")
    if n < 10:
        return _SMALL[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _SMALL[tens]) + "十" + (_SMALL[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _SMALL[hundreds] + "百"
    mid = ("零" + _SMALL[rest]) if rest < 10 else (
        int_to_chinese(rest) if rest >= 20 else "一" + int_to_chinese(rest))
    return _SMALL[hundreds] + "百" + mid
