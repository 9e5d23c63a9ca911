"""The benchmark's figures for the search language (issue 14).

Targets at 100,000 documents: a phrase or boolean query lists its documents within 50 ms
(``search_list``), and the first 1,000 keyword-in-context hits come within 200 ms
(``search_kwic``). Baselines, measured in the same run on the same project: for the list,
the bare FTS5 ``MATCH`` of the same expression (unordered, no filter); for the hits, a
case-insensitive ``re.finditer`` of an equivalent regular expression over the texts of
the same documents, in the same order, read with bare SQL, cutting the same context,
until it has as many hits.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from ..domain.search_query import parse_query
from ..services import Project
from ..services.search import hits_in_context, search_documents
from ..store import baselines
from ..store.full_text import match_expression
from .timing import figure, median_seconds

#: Queries listed (the synthetic corpus has every common word in almost every document:
#: phrases and exclusions are what narrow it).
LIST_QUERIES = (
    '"security cooperation"',
    '"water resources" OR "labour migration" -terrorism',
    'NEAR(drought river, 2) remit*',
)
#: Queries whose first hits are listed, with an equivalent regular expression.
KWIC_QUERIES = (
    ('"security cooperation"', r"\bsecurity\W+cooperation\b"),
    ("water", r"\bwater\b"),
)
KWIC_HITS = 1000
CONTEXT = 40


def search_figures(project: Project, repeat: int) -> dict[str, Any]:
    """``search_list`` and ``search_kwic`` (see the module)."""
    parsed = [parse_query(q) for q in LIST_QUERIES]
    expressions = [match_expression(q) for q in parsed]
    listed = figure(
        median_seconds(lambda: [search_documents(project, q) for q in parsed], repeat)
        / len(parsed),
        median_seconds(lambda: [baselines.fts_rowids(project.store, e) for e in expressions],
                       repeat) / len(parsed),
    )
    listed["documents"] = {q.text: len(search_documents(project, q)) for q in parsed}
    kwic: dict[str, Any] = {}
    for text, pattern in KWIC_QUERIES:
        query = parse_query(text)
        ids = search_documents(project, query)
        found = len(list(islice(hits_in_context(project, query, context=CONTEXT),
                                KWIC_HITS)))
        regex = re.compile(pattern, re.IGNORECASE)
        kwic[text] = {
            **figure(
                median_seconds(lambda q=query: list(islice(  # type: ignore[misc]
                    hits_in_context(project, q, context=CONTEXT), KWIC_HITS)), repeat),
                median_seconds(lambda i=ids, r=regex: _regex_hits(project, i, r, KWIC_HITS),
                               repeat),
            ),
            "hits": found,
        }
    return {"search_list": listed, "search_kwic": kwic}


def _regex_hits(project: Project, ids: list[int], regex: re.Pattern[str], limit: int
                ) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    for text in baselines.texts_in_order(project.store, ids):
        for match in regex.finditer(text):
            start, end = match.span()
            found.append((start, end, text[max(0, start - CONTEXT):start],
                          text[end:end + CONTEXT]))
            if len(found) == limit:
                return found
    return found
