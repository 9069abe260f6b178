"""Build ``src/policytext/resources/admin_divisions.tsv``, China's administrative divisions.

Usage (from the repository root)::

    pip download cpca==0.5.5 --no-deps -d /tmp/cpca && unzip -o /tmp/cpca/*.whl -d /tmp/cpca
    python data/places/build_places.py /tmp/cpca/cpca/resources/adcodes.csv

Input: ``adcodes.csv`` of the MIT-licensed package cpca (github.com/DQinYuan/
chinese_province_city_area_mapper), the division codes of the National Bureau of Statistics
(统计用区划代码) with each division's name, and its list of the 56 peoples (``56_nations.csv``,
beside it). Output: one row per division — ``adcode``,
``name`` (山东省, 白银市, 海西蒙古族藏族自治州, 德令哈市), ``short`` (the name without its
administrative suffix or the peoples an autonomous unit is named for: 山东, 白银, 海西, 德令哈)
and ``level`` (``province``, ``prefecture`` — cities, prefectures, leagues and the county-level
units a province governs directly, such as 仙桃 —, or ``county``). The licence of the input is
copied beside the output.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "src" / "policytext" / "resources" / "admin_divisions.tsv"
_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|特区|新区|矿区|省|市|区|县|盟|旗)$")
#: Placeholder rows of the code table, and names of no one place (矿区, 城区, 郊区)
_NOT_PLACES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "矿区", "城区",
                         "郊区"})


def short_name(name: str, peoples: list[str]) -> str:
    """``name`` without its administrative suffix and the peoples an autonomous unit is named
    for (海西蒙古族藏族自治州 → 海西, 广西壮族自治区 → 广西, 鄂伦春自治旗 → 鄂伦春)."""
    short = _SUFFIX.sub("", name)
    if "自治" in name:
        stripped = True
        while stripped:
            stripped = False
            for people in peoples:  # longest first: 达斡尔族 before 尔族 could match
                if short.endswith(people) and len(short) - len(people) >= 2:
                    short, stripped = short[: -len(people)], True
                    break
    return short


def level(adcode: str) -> str:
    if adcode[2:6] == "0000":
        return "province"
    if adcode[4:6] == "00" or adcode[2:4] == "90":  # 90: county-level units under the province
        return "prefecture"
    return "county"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.exit(__doc__)
    src = Path(argv[0])
    names = src.with_name("56_nations.csv").read_text(encoding="utf-8").split()
    # a people named in a unit's name with or without 族 (鄂伦春自治旗)
    peoples = sorted({p for n in [*names, "各族"] for p in (n, n.removesuffix("族")) if len(p) > 1},
                     key=len, reverse=True)
    rows = []
    with src.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            adcode, name = r["adcode"].strip(), r["name"].strip()
            if not re.fullmatch(r"\d{12}", adcode) or not name or name in _NOT_PLACES:
                continue
            short = short_name(name, peoples)
            rows.append((adcode, name, short if len(short) > 1 else name, level(adcode)))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# China's administrative divisions (统计用区划代码) from the MIT-licensed cpca 0.5.5\n")
        f.write("# (github.com/DQinYuan/chinese_province_city_area_mapper, resources/adcodes.csv);\n")
        f.write("# licence: admin_divisions_LICENSE.txt; built by data/places/build_places.py\n")
        f.write("adcode\tname\tshort\tlevel\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    licence = src.parent.parent.parent / "cpca-0.5.5.dist-info" / "LICENSE"
    if licence.is_file():
        shutil.copyfile(licence, OUT.with_name("admin_divisions_LICENSE.txt"))
    print(f"wrote {len(rows)} divisions to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
