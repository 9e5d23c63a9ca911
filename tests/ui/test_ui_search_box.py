"""The browser's search box speaks the search language: on the Kremlin corpus it lists the
documents a regular expression finds, explains a malformed query under the box (no
dialog; the list keeps the last search), and ``?`` shows the syntax."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.services import Project
from annotator.services.importing import import_paths
from helpers import SHARED

KREMLIN = SHARED / "corpora" / "news-kremlin-en"


@pytest.fixture(scope="module")
def kremlin_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kremlin-ui") / "kremlin.annotator"
    with Project.open(path, coder="tester") as project:
        import_paths(project, [KREMLIN])
    return path


@pytest.fixture
def kremlin(qtbot, kremlin_file: Path) -> Iterator:  # type: ignore[no-untyped-def]
    from annotator.ui.app import create_main_window

    window = create_main_window(kremlin_file)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    window.close()


def listed_sources(window) -> set[str]:  # type: ignore[no-untyped-def]
    model = window.document_model
    ids = [model.document_id(r) for r in range(model.rowCount())]
    return {window.project.documents.get(i).source for i in ids}


def regex_sources(matches) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.name for p in KREMLIN.iterdir() if p.suffix in (".txt", ".md")
            and matches(p.read_text(encoding="utf-8"))}


def type_query(window, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    box = window.browser.filter_box
    box.clear()
    qtbot.keyClicks(box, text)
    qtbot.waitUntil(lambda: not window.browser._timer.isActive())


def test_typed_queries_list_what_a_regular_expression_finds(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_query(kremlin, qtbot, '"national security"')
    expected = regex_sources(lambda t: re.search(r"\bnational\W+security\b", t, re.I))
    assert listed_sources(kremlin) == expected and len(expected) == 7
    type_query(kremlin, qtbot, "water OR migration")
    expected = regex_sources(lambda t: re.search(r"\bwater\b|\bmigration\b", t, re.I))
    assert listed_sources(kremlin) == expected and len(expected) == 8
    type_query(kremlin, qtbot, "security -terrorism")
    expected = regex_sources(lambda t: re.search(r"\bsecurity\b", t, re.I)
                             and not re.search(r"\bterrorism\b", t, re.I))
    assert listed_sources(kremlin) == expected
    assert kremlin.browser.count_label.text() == f"{len(expected)} of 205 documents"
    assert not kremlin.browser.query_error.isVisible()


def test_a_malformed_query_is_explained_under_the_box_and_not_applied(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    browser = kremlin.browser
    type_query(kremlin, qtbot, "water OR migration")
    before = listed_sources(kremlin)
    shown = browser.document_filter
    type_query(kremlin, qtbot, "water OR")
    assert browser.query_error.isVisible()
    assert browser.query_error.text() == 'Character 9: expected a word, a "phrase" or ( after OR'
    assert browser.document_filter == shown and listed_sources(kremlin) == before
    assert not [w for w in QApplication.topLevelWidgets() if w.isWindow() and w.isVisible()
                and w is not kremlin]  # no dialog
    kremlin.grab().save("/tmp/search-error-shot.png")
    qtbot.keyClicks(browser.filter_box, " dam")
    qtbot.waitUntil(lambda: not browser.query_error.isVisible())
    assert browser.document_filter.text == "water OR dam"
    type_query(kremlin, qtbot, '"national security')
    assert browser.query_error.text().startswith("Character 1: the quote is not closed")
    browser.clear_filter()
    assert not browser.query_error.isVisible() and browser.filter_box.text() == ""
    assert len(listed_sources(kremlin)) == 205


# A popup grabs the keyboard and raises itself; the offscreen platform says it cannot.
@pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard)")
def test_the_question_mark_shows_the_syntax_with_examples(kremlin, qtbot) -> None:  # type: ignore[no-untyped-def]
    button = kremlin.browser.syntax_button
    assert button.text() == "?"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    popup = button.popup
    qtbot.waitUntil(popup.isVisible)
    text = popup.label.text()
    for example in ("&quot;national security&quot;", "migra*", "water OR migration",
                    "security -terrorism", "NEAR(water dam, 5)"):
        assert example in text
    assert "NOT binds tighter than AND" in text
    below = button.mapToGlobal(button.rect().bottomLeft()).y()
    assert popup.geometry().top() >= below - 1
    kremlin.grab().save("/tmp/search-window-shot.png")
    popup.grab().save("/tmp/search-syntax-shot.png")
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())
