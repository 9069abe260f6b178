"""Loader of the data-driven test cases in ``tests/cases/*.json`` (schema in ``tests/cases/README.md``).

Every file is ``{"about": ..., "source"?: ..., "cases": [{"id": ..., <inputs>, "expected": ...,
"known_error"?: ...}]}``. :func:`case_params` turns the cases into ``pytest.param`` objects: a case
with ``known_error`` runs as ``xfail(strict=True)``, so a listed error that gets fixed fails the
suite until the mark is removed from the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CASES = Path(__file__).resolve().parent / "cases"
_FILE_KEYS = {"about", "source", "cases"}
_CASE_KEYS = {"id", "expected"}


def read_case_file(name: str) -> dict[str, Any]:
    """The parsed file ``tests/cases/<name>``, checked against the schema.

    Each case gets ``source`` from the file when it has none of its own.
    """
    path = CASES / name
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not {"about", "cases"} <= set(data) or set(data) - _FILE_KEYS:
        raise ValueError(f"{path}: a case file holds exactly 'about', 'cases' and an optional 'source'")
    ids = [c.get("id") for c in data["cases"]]
    for case in data["cases"]:
        if not _CASE_KEYS <= set(case):
            raise ValueError(f"{path}: case {case.get('id')!r} lacks 'id' or 'expected'")
        if "source" in data:
            case.setdefault("source", data["source"])
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: case ids repeat")
    return data


def load_cases(pattern: str) -> list[dict[str, Any]]:
    """Every case of the files matching ``pattern`` (e.g. ``"outline_*.json"``), in file order."""
    files = sorted(CASES.glob(pattern))
    if not files:
        raise FileNotFoundError(f"no case file matches {CASES / pattern}")
    return [case for f in files for case in read_case_file(f.name)["cases"]]


def case_params(pattern: str) -> list[Any]:
    """The cases of :func:`load_cases` as ``pytest.param`` with the case id; ``known_error`` → strict xfail."""
    return [
        pytest.param(case, id=str(case["id"]),
                     marks=[pytest.mark.xfail(strict=True, reason=case["known_error"])]
                     if "known_error" in case else [])
        for case in load_cases(pattern)
    ]
