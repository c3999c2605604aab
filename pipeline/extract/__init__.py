"""Release-level extraction: spans found by the pr_ components become normalised table rows.

Each module takes a `ReleaseContext` (all blocks of one release with their Docs) and returns rows of
its table. They run in this order, later ones may use earlier results:
countries -> dates -> officials -> actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from ..segment import Block
from ..settings import DEFAULT_MODELS_DIR


@dataclass(slots=True)
class ReleaseContext:
    """One release's blocks and their processed Docs (docs[i] is blocks[i].text)."""

    release_id: str
    title: str | None
    published: dt.date | None
    publisher: str | None  # ISO3 of the publishing government
    site: str
    blocks: list[Block] = field(default_factory=list)
    docs: list[Doc] = field(default_factory=list)
    models_dir: Path = DEFAULT_MODELS_DIR  # where the release-level rules (vocabularies) live
