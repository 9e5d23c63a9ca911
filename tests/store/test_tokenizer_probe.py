"""The hit finder's copy of FTS5's tokenizer tables is what the SQLite in use does, for
every code point; and the project's index uses that tokenizer."""

from __future__ import annotations

from annotator.domain import search_token_table as table
from annotator.domain.search_tokens import fold, tokens
from annotator.services import Project
from annotator.store.tokenizer_probe import TOKENIZER, probe_unicode61


def test_the_checked_in_table_is_what_this_sqlite_does_with_every_code_point() -> None:
    probed = probe_unicode61()
    assert probed.separators == table.SEPARATORS
    assert probed.diacritics == table.DIACRITICS
    assert probed.folds == table.FOLDS


def test_the_projects_full_text_index_uses_the_probed_tokenizer(project: Project) -> None:
    sql = project.store.db.conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()[0]
    assert f"tokenize = '{TOKENIZER}'" in sql


def test_folding_twice_is_folding_once_and_keeps_a_token_a_token() -> None:
    for source, target in table.FOLDS.items():
        folded = chr(target)
        assert fold(folded) == folded, hex(source)
        assert tokens(folded) == [(0, 1, folded)], hex(source)


def test_separators_and_diacritics_never_start_a_token() -> None:
    for first, last in table.SEPARATORS:
        for point in {first, last, (first + last) // 2}:
            assert tokens(f"{chr(point)}x") == [(1, 2, "x")], hex(point)
    for point in table.DIACRITICS:
        assert tokens(f" {chr(point)}x") == [(2, 3, "x")], hex(point)
        assert tokens(f"a{chr(point)}b") == [(0, 3, "ab")], hex(point)
