"""The stage contract: a stage touches only the Doc fields it declares."""

from __future__ import annotations

import pytest

from ficscope.errors import PipelineError
from ficscope.model import Chapter, Work
from ficscope.pipeline import FIELDS, ContractError, Doc, Pipeline, Stage, default_pipeline


def tiny_work() -> Work:
    return Work(title="Tide", source_format="text", chapters=[Chapter(1, '"Come in," said Ada. Tom waved.')])


def structure_stage() -> Stage:
    from ficscope.stages import structure

    return structure.STAGE


def test_a_stage_reading_an_undeclared_field_raises() -> None:
    snoop = Stage(name="snoop", reads=("work",), assigns=("tags",), compute=lambda doc: {"tags": list(doc.layout)})
    doc = Doc(tiny_work())
    structure_stage().run(doc)
    with pytest.raises(ContractError, match="'snoop' reads 'layout', which it does not declare"):
        snoop.run(doc)


def test_a_stage_returning_an_undeclared_field_raises() -> None:
    meddler = Stage(name="meddler", reads=("work",), assigns=("tags",), compute=lambda doc: {"tags": [], "rating": "Teen"})
    doc = Doc(tiny_work())
    with pytest.raises(ContractError, match="'meddler' returns rating"):
        meddler.run(doc)
    assert doc.rating is None and "tags" not in doc.filled


def test_a_stage_setting_a_field_on_its_inputs_raises() -> None:
    def write(doc: object) -> dict[str, list[str]]:
        doc.tags = ["x"]  # type: ignore[attr-defined]
        return {"tags": []}

    with pytest.raises(ContractError, match="must return it"):
        Stage(name="writer", reads=("work",), assigns=("tags",), compute=write).run(Doc(tiny_work()))


def test_a_stage_that_omits_a_declared_field_raises() -> None:
    lazy = Stage(name="lazy", reads=("work",), assigns=("tags", "categories"), compute=lambda doc: {"tags": []})
    with pytest.raises(ContractError, match="'lazy' declares categories but does not return it"):
        lazy.run(Doc(tiny_work()))


def test_reading_a_declared_field_no_stage_filled_raises() -> None:
    early = Stage(name="early", reads=("quotes",), assigns=("tags",), compute=lambda doc: {"tags": list(doc.quotes)})
    with pytest.raises(ContractError, match="before any stage fills it"):
        early.run(Doc(tiny_work()))


def test_a_stage_declaring_a_field_the_doc_lacks_is_refused() -> None:
    with pytest.raises(PipelineError, match="'odd' declares speakers"):
        Stage(name="odd", reads=("speakers",), assigns=(), compute=lambda doc: {})


def test_a_pipeline_missing_an_earlier_stage_is_refused_when_built() -> None:
    from ficscope.stages import stats

    with pytest.raises(PipelineError, match="'stats' requires layout, quotes"):
        Pipeline([stats.STAGE])


def test_every_default_stage_declares_only_doc_fields_and_runs_within_its_contract() -> None:
    pipeline = default_pipeline()
    for stage in pipeline.stages:
        assert set(stage.reads) | set(stage.assigns) | set(stage.modifies) <= FIELDS
    doc = pipeline.run(tiny_work())
    assert doc.filled == pipeline.available
    assert {(m.chapter, m.start): m.character for m in doc.mentions} == doc.antecedents
    assert "Ada" in {c.name for c in doc.characters}


def test_each_default_stage_runs_with_only_its_declared_inputs() -> None:
    # Give each stage a Doc holding only the fields it declares: it must still run.
    full = default_pipeline().run(tiny_work())
    for stage in default_pipeline().stages:
        doc = Doc(full.work)
        for name in (*stage.reads, *stage.modifies):
            setattr(doc, name, getattr(full, name))
            doc.filled.add(name)
        stage.run(doc)
        assert set(stage.assigns) <= doc.filled
