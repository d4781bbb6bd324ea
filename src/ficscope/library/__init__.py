"""The private library: works and their analyses in one SQLite file, with full-text
search and AO3's include/exclude filters.

    from ficscope.library import Filters, Library

    with Library("works.sqlite") as library:
        library.add("work.epub")
        hits = library.search("lighthouse", Filters(exclude_triggers=["death:depicted"]))

The CLI (``ficscope library``) and the web app are thin layers over ``Library``.
"""

from __future__ import annotations

from ._codec import analysis_from_dict
from ._library import DB_ENV, FACET_KINDS, Library, default_db_path, snippet_parts
from ._schema import LATEST as SCHEMA_VERSION
from ._search import Filters, ParsedQuery, Sort, TriggerFilter, parse_query, parse_range, trigger_labels
from ._store import content_hash
from ._import import ImportResult
from ._synonyms import Resolver, TagKey, query_keys
from ._types import (
    AddResult,
    FacetCount,
    RemoveResult,
    Results,
    SnippetPart,
    StoredWork,
    VersionInfo,
    WarningTag,
    WorkSummary,
)

__all__ = [
    "DB_ENV",
    "FACET_KINDS",
    "SCHEMA_VERSION",
    "AddResult",
    "FacetCount",
    "Filters",
    "ImportResult",
    "Library",
    "ParsedQuery",
    "RemoveResult",
    "Resolver",
    "Results",
    "SnippetPart",
    "Sort",
    "StoredWork",
    "TagKey",
    "TriggerFilter",
    "VersionInfo",
    "WarningTag",
    "WorkSummary",
    "analysis_from_dict",
    "content_hash",
    "default_db_path",
    "parse_query",
    "parse_range",
    "query_keys",
    "snippet_parts",
    "trigger_labels",
]
