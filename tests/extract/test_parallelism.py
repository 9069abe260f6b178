"""排比 detection: data-driven cases in tests/cases/parallelism_*.json plus the seed speech."""

from __future__ import annotations

import json

import pytest

from case_files import case_params
from policytext.corpus import Document
from policytext.extract.parallelism import (
    DENSITY_COLUMNS,
    PARALLELISM_COLUMNS,
    iter_parallelism,
    parallelism,
    parallelism_density,
)


@pytest.mark.parametrize("case", case_params("parallelism_*.json"))
def test_case(case: dict):
    runs = iter_parallelism(case["text"])
    got = [{k: (list(r[k]) if k == "members" else r[k]) for k in exp}
           for r, exp in zip(runs, case["expected"])]
    assert got == case["expected"]
    assert len(runs) == len(case["expected"])
    for r in runs:
        span = case["text"][r["start"]:r["end"]]
        assert span.startswith(r["members"][0]) and span.endswith(r["members"][-1])


def test_headings_run():
    text = "一、要把案件当成铜镜\n正文。\n二、要把案件当成钢刀\n正文。\n三、要把案件当成熔炉\n正文。"
    runs = [r for r in iter_parallelism(text) if r["kind"] == "headings"]
    assert len(runs) == 1 and runs[0]["n_members"] == 3 and runs[0]["frame"] == "要把案件当成…"


def test_frames_and_density():
    df = parallelism(Document("要坚持把自己摆进去、职责摆进去、工作摆进去。", doc_id="a"))
    assert {c: str(t) for c, t in df.dtypes.items()} == PARALLELISM_COLUMNS
    assert df.loc[0, "frame"] == "…摆进去" and df.loc[0, "kind"] == "tail"
    assert isinstance(df.loc[0, "members"], tuple)
    empty = parallelism("")
    assert {c: str(t) for c, t in empty.dtypes.items()} == PARALLELISM_COLUMNS
    dens = parallelism_density([Document("管好自己、管好家人、管好身边人。", doc_id="x"),
                                Document("", doc_id="y")])
    assert {c: str(t) for c, t in dens.dtypes.items()} == DENSITY_COLUMNS
    assert dens["n_runs"].tolist() == [1, 0] and dens.loc[1, "per_10k"] == 0.0


@pytest.mark.corpus
def test_seed_examples_all_found(shared_corpus):
    path = next((shared_corpus / "seed").glob("*.txt"))
    ann = json.loads((shared_corpus.parent / "examples" / "seed_annotations.json").read_text("utf-8"))
    text = Document.from_text(path.read_text(encoding="utf-8")).text
    runs = iter_parallelism(text)
    for example in ann["parallelism_examples"]:
        first = example.split("、")[0].split("，")[0].split("…")[0]
        assert any(r["members"][0] in first or first in r["members"][0] for r in runs), example
