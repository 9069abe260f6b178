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


@pytest.fixture
def provincial_reports(tmp_path):
    """A function writing one short provincial work report per province into a new folder
    (``<省>省<year>年政府工作报告.txt``: title, 各位代表：, the text ``repeat`` times) and
    returning the folder, as a user's folder of reports would be."""
    def write(texts: dict[str, str], year: int, repeat: int = 1) -> Path:
        folder = tmp_path / "in"
        folder.mkdir()
        for prov, text in texts.items():
            (folder / f"{prov}省{year}年政府工作报告.txt").write_text(
                f"{prov}省{year}年政府工作报告\n\n各位代表：\n" + text * repeat, encoding="utf-8")
        return folder
    return write
