"""Build the spaCy pipeline: the configured model plus the project's components."""

from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.language import Language

from .errors import ModelNotFound
from .settings import Settings

LOGGER = logging.getLogger(__name__)


def load_model(name_or_path: str) -> Language:
    """Load an installed spaCy model package by name, or a model folder by path."""
    try:
        return spacy.load(Path(name_or_path) if Path(name_or_path).exists() else name_or_path)
    except OSError as exc:
        raise ModelNotFound(str(name_or_path)) from exc


def use_fast_attributes(nlp: Language) -> bool:
    """Swap the model's attribute_ruler (+ rule lemmatizer) for pr_fast_attributes, if present."""
    if "attribute_ruler" not in nlp.pipe_names or "morphologizer" in nlp.pipe_names:
        return False  # with a morphologizer, POS/MORPH are not a function of the tag alone
    lemmatizer = None
    if "lemmatizer" in nlp.pipe_names:
        if getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
            return False  # lookup/other lemmatizers are cheap already; keep them as they are
        lemmatizer = "lemmatizer"
    nlp.add_pipe("pr_fast_attributes", after="attribute_ruler",
                 config={"ruler_name": "attribute_ruler", "lemmatizer_name": lemmatizer})
    nlp.remove_pipe("attribute_ruler")
    if lemmatizer:
        nlp.remove_pipe(lemmatizer)
    return True


def build_nlp(settings: Settings) -> Language:
    """The model named in `settings` with the pr_ components added after its own."""
    from .components import COMPONENTS

    nlp = load_model(settings.model)
    if settings.fast_attributes:
        use_fast_attributes(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"models_dir": str(settings.models_dir)})
    LOGGER.info("pipeline: %s", ", ".join(nlp.pipe_names))
    return nlp
