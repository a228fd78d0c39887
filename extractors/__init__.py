"""spaCy components that annotate a Doc with mentions and relations for the graph."""

from extractors.mentions import MentionFinder
from extractors.relations import RelationExtractor, Statement

__all__ = ["MentionFinder", "RelationExtractor", "Statement"]
