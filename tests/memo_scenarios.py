"""A project with a memo of every kind, and a view of memos that survives renumbering (for
round trips through files); import as ``from memo_scenarios import ...``."""

from __future__ import annotations

from typing import Any

from annotator.domain.memos import Memo, MemoPlace
from annotator.services import Project
from helpers import add_text

TEXT = "Water 🙂 and security in Central Asia.\nSecond line: é\u0301, 𠀋, שָׁלוֹם and 中文."
OTHER = "Gas and water flow north; the dam holds."


def memos_of_every_kind(project: Project) -> dict[str, int]:
    """Two documents, two tags, a highlight, and a memo of each kind (two span memos, one
    of them empty, one written by another coder); the ids by name."""
    ids = {"doc": add_text(project, TEXT, title="Central Asia", date="2018-02-12"),
           "other": add_text(project, OTHER, title="Dam")}
    ids["tag"] = project.tags.create("security", description="threats")[0]
    ids["child"] = project.tags.create("borders", parent_id=ids["tag"])[0]
    ids["highlight"] = project.highlights.create(ids["doc"], 0, 5, [ids["tag"]],
                                                 memo="Water first.\n\nThen security.")[0]
    memos = project.memos
    memos.write(MemoPlace.project(), "Research question: how does water become security?")
    memos.write(MemoPlace.document(ids["doc"]), "Formulaic readout; note the order.\n")
    memos.write(MemoPlace.tag(ids["child"]), "Borders: a sub-theme.")
    emoji = TEXT.index("🙂")
    ids["span"] = memos.create_span(ids["doc"], emoji, TEXT.index("Central"), "emoji & co.")[0]
    coder = project.coder
    project.coder = "boris"
    try:
        ids["empty_span"] = memos.create_span(ids["other"], 4, 9)[0]
        hebrew = TEXT.index("שָׁלוֹם")
        ids["rtl"] = memos.create_span(ids["doc"], hebrew, hebrew + len("שָׁלוֹם"),
                                       "RTL passage")[0]
    finally:
        project.coder = coder
    return ids


def portable(project: Project) -> list[tuple[Any, ...]]:
    """Every memo as the files can carry it: its place by content (document title, tag
    path, span), never by id; sorted."""
    titles = {d: project.documents.summaries([d])[0].title for d in project.documents.ids()}
    paths = project.tags.paths()
    rows = []
    for memo in project.memos.select():
        rows.append((memo.kind, _place(memo, titles, paths), memo.text, memo.author,
                     memo.created_at, memo.modified_at, memo.guid))
    return sorted(rows, key=repr)


def _place(memo: Memo, titles: dict[int, str], paths: dict[int, tuple[str, ...]]) -> Any:
    if memo.kind == "project":
        return None
    if memo.kind == "tag":
        return paths[memo.tag_id or 0]
    title = titles[memo.document_id or 0]
    if memo.kind == "document":
        return title
    return (title, memo.start, memo.end, memo.quote)
