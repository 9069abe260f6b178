"""The canonical indicator list (``policytext/resources/indicators.tsv``) and finding its
names in a clause."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["CANONICAL", "Indicator", "allowed_units", "find_names", "indicators"]


@dataclass(frozen=True)
class Indicator:
    """One canonical indicator of ``indicators.tsv``."""

    canonical: str
    units: tuple[str, ...]
    pattern: str
    description: str


@lru_cache(maxsize=1)
def indicators() -> tuple[Indicator, ...]:
    """The canonical indicator list (``policytext/resources/indicators.tsv``), in file order."""
    from importlib import resources

    text = resources.files("policytext.resources").joinpath("indicators.tsv").read_text("utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, units, pattern, description = line.split("\t")
        out.append(Indicator(canonical, tuple(units.split("|")), pattern, description))
    return tuple(out)


#: Canonical names: those of ``indicators.tsv`` and ``other``.
CANONICAL: tuple[str, ...] = (
    "energy_intensity", "carbon_intensity", "rd_intensity", "deficit_ratio", "primary_va_growth",
    "secondary_va_growth", "tertiary_va_growth", "gdp_growth", "industrial_va_growth",
    "fixed_investment_growth", "retail_sales_growth", "total_fiscal_revenue_growth",
    "fiscal_revenue_growth", "trade_growth",
    "export_growth", "import_growth", "unemployment_rate", "registered_unemployment_rate", "cpi",
    "retail_prices", "price_level", "new_urban_jobs", "grain_output", "urban_income_growth",
    "rural_income_growth", "income_growth", "m2_growth", "special_bonds", "urbanization_rate",
    "other",
)


@lru_cache(maxsize=1)
def _alias_res() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((i.canonical, re.compile(i.pattern)) for i in indicators())


@lru_cache(maxsize=1)
def _any_alias() -> re.Pattern:
    return re.compile("|".join(f"(?:{i.pattern})" for i in indicators()))


@lru_cache(maxsize=1)
def _units() -> dict[str, tuple[str, ...]]:
    return {i.canonical: i.units for i in indicators()}


def find_names(clause: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of the indicator names in a clause, longest first where two
    overlap (单位国内生产总值能耗 over 国内生产总值, 进出口 over 出口)."""
    found: list[tuple[int, int, str]] = []
    for m in _URBAN_RURAL.finditer(clause):
        # 城镇居民、农村居民人均可支配收入 / 城乡居民人均可支配收入分别…: two names in one; the
        # second of 城乡… is empty (it takes the first's name in _respectively)
        if m.group("urban"):
            found.append((m.start("urban"), m.end("urban"), "urban_income_growth"))
            found.append((m.start("rural"), m.end("rural"), "rural_income_growth"))
        else:
            found.append((m.start(), m.end(), "urban_income_growth"))
            found.append((m.end(), m.end(), "rural_income_growth"))
    # after the pairs, so that a name of the same span loses to them (the sort is stable)
    pos = 0
    res = _alias_res()
    any_alias = _any_alias()
    while (m := any_alias.search(clause, pos)) is not None:
        # the longest name starting where the first one does (单位国内生产总值能耗 over 单位…)
        at = m.start()
        best = max(((mm.end(), c) for c, rx in res if (mm := rx.match(clause, at))),
                   default=(m.end(), ""))
        if best[1]:
            found.append((at, best[0], best[1]))
        pos = max(best[0], at + 1)
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[tuple[int, int, str]] = []
    for s, e, c in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, c))
    return out


_URBAN_RURAL = re.compile(r"(?P<urban>城镇(?:常住)?(?:居民)?)[、和与](?P<rural>农村(?:常住)?居民人均(?:可支配|纯)?收入)"
                          r"|城乡居民人均可支配收入(?=分别)")



def allowed_units(canonical: str) -> tuple[str, ...]:
    """The units a figure of ``canonical`` may have (empty for ``other``)."""
    return _units().get(canonical, ())
