"""Shared fixtures: one processor (model loaded once per test session) and the seed release."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SEED_TXT = DATA / "seed" / "mofa_2021_neapc_intergovernmental_meeting.txt"
SEED_GOLD = DATA / "seed" / "mofa_2021_neapc_intergovernmental_meeting.gold.jsonl"


@pytest.fixture(scope="session")
def settings():
    from pipeline.settings import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def nlp(settings):
    from pipeline.nlp import build_nlp

    return build_nlp(settings)


@pytest.fixture(scope="session")
def processor(settings, nlp):
    from pipeline.process import Processor

    return Processor(settings, nlp=nlp)


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8").splitlines()[0])


def context_from_gold(nlp, gold: dict, publisher: str | None = "KOR", site: str = "mofa_kr"):
    """A labeled release's gold blocks processed by `nlp`, as a ReleaseContext (no cleaner)."""
    import datetime as dt

    from pipeline.extract import ReleaseContext
    from pipeline.segment import Block

    blocks = []
    for b in gold["blocks"]:
        para, item = (int(x) for x in b["block_id"].split("."))
        blocks.append(Block(b["block_id"], para, item, b["session_no"], True, b["text"]))
    docs = list(nlp.pipe(b.text for b in blocks))
    for doc, block in zip(docs, blocks):
        doc._.block_id = block.block_id
    published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
    return ReleaseContext(gold["release_id"], gold["title"], published, publisher, site, blocks,
                          docs)


@pytest.fixture(scope="session")
def seed_context(nlp, seed_gold):
    """The seed's gold block texts as a processed release (independent of the cleaner)."""
    return context_from_gold(nlp, seed_gold)
