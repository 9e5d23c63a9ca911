"""A parsed search query as an FTS5 ``MATCH`` expression on the documents' text.

Nothing the user typed reaches FTS5 as syntax: each term becomes a quoted string of its
tokens as written (token characters only: letters, digits, diacritics, never a quote or
an operator; see :mod:`annotator.domain.search_tokens`), FTS5 tokenises and folds them as
it did the texts, and the operators come from the query tree, every group in
parentheses. The expression is limited to the ``text`` column (titles are not searched:
hits are found in the text, and the documents listed must be those with hits).
"""

from __future__ import annotations

from ..domain.search_query import AllOf, Near, Node, SearchQuery, Term

#: ``documents_fts MATCH ?`` for a query: ``[match_expression(query)]`` as its parameter.
MATCHING_DOCUMENTS = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?"


def match_expression(query: SearchQuery) -> str:
    """The FTS5 expression matching the documents whose text matches ``query``."""
    return f"{{text}} : ({_expression(query.root)})"


def _expression(node: Node) -> str:
    if isinstance(node, Term):
        return _quoted(node)
    if isinstance(node, Near):
        return f"NEAR({' '.join(_quoted(term) for term in node.terms)}, {node.distance})"
    if isinstance(node, AllOf):
        included = " AND ".join(f"({_expression(child)})" for child in node.include)
        if not node.exclude:
            return included
        excluded = " OR ".join(f"({_expression(child)})" for child in node.exclude)
        return f"({included}) NOT ({excluded})"
    return " OR ".join(f"({_expression(child)})" for child in node.options)


def _quoted(term: Term) -> str:
    # Token characters never include '"'; doubling it anyway keeps the string closed
    # whatever a future tokenizer table says.
    body = " ".join(word.replace('"', '""') for word in term.words)
    return f'"{body}"' + ("*" if term.prefix else "")
