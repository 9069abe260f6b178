"""Shared fixtures. Tests must pass without ../shared; corpus-scale tests use it when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE_CORPUS = ROOT / "data" / "gov_work_reports"
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """``../shared/corpus``, or skip with a reason when the shared folder is absent."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"corpus-scale check: {corpus} not present (it sits beside the repo in CI)")
    return corpus


@pytest.fixture(scope="session")
def seed_excerpt() -> str:
    return (FIXTURES / "seed_excerpt.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report_1985() -> str:
    return (SAMPLE_CORPUS / "1985.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report_1954() -> str:
    """The opening of the 1954 work report in its original traditional characters."""
    return (FIXTURES / "report_1954_traditional_excerpt.txt").read_text(encoding="utf-8")
