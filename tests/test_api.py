"""The flat top-level API: one import line reaches every extractor, and importing stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import policytext as pt

SRC = str(Path(pt.__file__).resolve().parents[1])


@pytest.mark.parametrize("name", sorted(set(pt.__all__) - {"__version__"}))
def test_every_exported_name_resolves(name):
    assert getattr(pt, name) is not None
    assert name in dir(pt)


def test_unknown_name_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="no_such_thing"):
        pt.no_such_thing  # noqa: B018


def test_names_are_the_defining_modules_objects():
    from policytext.extract.outline import outline
    from policytext.extract.stats import trends

    assert pt.outline is outline
    assert pt.trends is trends
    assert pt.plot.plot_trends is sys.modules["policytext.plot"].plot_trends


def test_one_import_line_runs_a_notebook_chain():
    doc = pt.Document("一、总体要求\n增强四个意识，坚决做到两个维护。\n二、重点任务\n推动高质量发展。", doc_id="d")
    assert list(pt.outline(doc)["title"])[:1] == ["总体要求"]
    assert "四个意识" in set(pt.slogans(doc)["term"])


def test_import_is_light():
    code = (
        "import sys, policytext\n"
        "heavy = {'pandas', 'matplotlib', 'jieba', 'numpy', 'sklearn', 'rjieba'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": SRC, "PATH": ""},
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_all_lists_exactly_the_lazy_names():
    assert sorted(pt.__all__) == sorted([*pt._EXPORTS, *pt._SUBMODULES, "__version__"])
