"""pr_officials: placeholder until the component lands."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("pr_officials", default_config={"models_dir": ""})
def make_officials(nlp: Language, name: str, models_dir: str) -> "_Passthrough":
    return _Passthrough()


class _Passthrough:
    def __call__(self, doc: Doc) -> Doc:
        return doc
