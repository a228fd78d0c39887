"""Knowledge graphs from news: extraction, resolution, export, Neo4j and analysis."""

from kg.build import BuildSummary, build
from kg.errors import KGError
from kg.records import Document, DocumentRecord, Entity, Triple
from kg.resolution import Resolution, Resolver, RuleBasedResolver

__all__ = [
    "BuildSummary",
    "Document",
    "DocumentRecord",
    "Entity",
    "KGError",
    "Resolution",
    "Resolver",
    "RuleBasedResolver",
    "Triple",
    "build",
]
__version__ = "0.1.0"
