"""Editing the codebook's shape from the tag panel: deleting a parent tag (its children
move up or go too, as the user chooses), Tags ▸ Move to…, and names holding "/"."""

from __future__ import annotations

from ui_fixtures import document_id

from annotator.domain.memos import MemoPlace
from annotator.ui.tag_destination_dialog import TOP_LEVEL_TEXT
from annotator.ui.tag_questions import DELETE_CHILDREN_TOO, MOVE_CHILDREN_UP


def tree(window) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """security > (borders > checkpoints, terrorism); water stays alone."""
    tags = window.project.tags
    ids = {"security": tags.find(["security"]), "water": tags.find(["water"])}
    ids["borders"] = tags.create("borders", parent_id=ids["security"])[0]
    ids["checkpoints"] = tags.create("checkpoints", parent_id=ids["borders"])[0]
    ids["terrorism"] = tags.create("terrorism", parent_id=ids["security"])[0]
    doc = document_id(window, "River report")  # "The river water level fell in summer."
    highlights = window.project.highlights
    highlights.create(doc, 0, 3, [ids["security"]])
    highlights.create(doc, 4, 9, [ids["borders"], ids["water"]])
    highlights.create(doc, 10, 15, [ids["checkpoints"]])
    highlights.create(doc, 16, 21, [ids["terrorism"], ids["security"]])
    window.project.memos.write(MemoPlace.tag(ids["borders"]), "What counts as a border.")
    window.tag_model.refresh()
    return ids


def state(window) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    """The whole codebook as stored, and every highlight's tags and every tag memo."""
    project = window.project
    tags = sorted(project.tags.all(), key=lambda t: t.id)
    highlights = sorted((h.id, h.tag_ids) for d in project.documents.ids()
                        for h in project.highlights.for_document(d))
    memos = [project.store.memos.at(MemoPlace.tag(t.id)) for t in tags]
    return tuple(tags), tuple(highlights), tuple(memos)


def test_deleting_a_parent_asks_with_the_counts_and_moves_children_up(window) -> None:  # type: ignore[no-untyped-def]
    ids = tree(window)
    before, steps = state(window), window.undo_stack.count()
    panel = window.tag_panel
    panel.select_tag(ids["security"])
    panel.prompts.actions = [MOVE_CHILDREN_UP]
    panel.delete_action.trigger()
    message, offered = panel.prompts.questions[-1]
    assert offered == (MOVE_CHILDREN_UP, DELETE_CHILDREN_TOO)
    # security: 2 highlights; 2 children, 3 tags below, on 3 highlights; 4 in all.
    assert "Delete the tag 'security'? 2 highlights will lose it" in message
    assert "'security' has 2 child tags (3 tags below it in all), carried by 3 highlights" \
        in message
    assert "they go to the top level, with their highlights" in message
    assert "4 tags will be deleted; 4 highlights will lose one of them" in message
    tags = window.project.tags
    assert [t.name for t in tags.all()].count("security") == 0
    assert tags.get(ids["borders"]).parent_id is None
    assert tags.get(ids["terrorism"]).parent_id is None
    assert tags.get(ids["checkpoints"]).parent_id == ids["borders"]
    assert window.undo_stack.count() == steps + 1
    assert window.undo_action.text() == "Undo Delete tag 'security'"
    window.undo_action.trigger()
    assert state(window) == before
    window.redo_action.trigger()
    assert tags.get(ids["borders"]).parent_id is None


def test_deleting_a_parent_with_its_children_is_one_undo_step(window) -> None:  # type: ignore[no-untyped-def]
    ids = tree(window)
    before, steps = state(window), window.undo_stack.count()
    panel = window.tag_panel
    panel.select_tag(ids["borders"])
    panel.prompts.actions = [DELETE_CHILDREN_TOO]
    panel.delete_action.trigger()
    message, _ = panel.prompts.questions[-1]
    assert "'borders' has 1 child tag, carried by 1 highlight." in message
    assert "it goes under 'security', with its highlights" in message
    assert "2 tags will be deleted; 2 highlights will lose one of them" in message
    names = {t.name for t in window.project.tags.all()}
    assert names == {"security", "water", "terrorism"}
    assert window.tag_model.rowCount(window.tag_model.index_of(ids["security"])) == 1
    assert window.undo_stack.count() == steps + 1
    window.undo_action.trigger()
    assert state(window) == before
    assert window.tag_model.rowCount(window.tag_model.index_of(ids["borders"])) == 1
    window.redo_action.trigger()
    assert {t.name for t in window.project.tags.all()} == names


def test_cancelling_the_question_changes_nothing(window) -> None:  # type: ignore[no-untyped-def]
    ids = tree(window)
    before, steps = state(window), window.undo_stack.count()
    window.tag_panel.select_tag(ids["security"])
    window.tag_panel.prompts.actions = [None]
    window.tag_panel.delete_action.trigger()
    assert state(window) == before and window.undo_stack.count() == steps


def test_a_tag_without_children_is_only_confirmed(window) -> None:  # type: ignore[no-untyped-def]
    ids = tree(window)
    window.tag_panel.select_tag(ids["water"])
    window.tag_panel.delete_action.trigger()
    assert window.tag_panel.prompts.questions == []
    assert window.tag_panel.prompts.confirmations[-1].startswith(
        "Delete the tag 'water'? 1 highlight will lose it")


def test_move_to_puts_a_tag_under_another_or_at_the_top_in_one_step(window) -> None:  # type: ignore[no-untyped-def]
    ids = tree(window)
    panel, tags = window.tag_panel, window.project.tags
    assert panel.move_action in panel.view.actions()  # the context menu offers it
    tags_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tags")
    assert panel.move_action in tags_menu.actions()
    before, steps = state(window), window.undo_stack.count()
    panel.select_tag(ids["borders"])
    panel.prompts.destinations = [ids["water"]]
    panel.move_action.trigger()
    assert tags.get(ids["borders"]).parent_id == ids["water"]
    assert tags.get(ids["checkpoints"]).parent_id == ids["borders"]  # it came along
    assert window.undo_stack.count() == steps + 1
    assert window.undo_action.text() == "Undo Move tag 'borders' under 'water'"
    window.undo_action.trigger()
    assert state(window) == before
    panel.select_tag(ids["borders"])
    panel.prompts.destinations = [None]
    panel.move_action.trigger()
    assert tags.get(ids["borders"]).parent_id is None
    assert window.undo_action.text() == "Undo Move tag 'borders' to the top level"


def test_move_to_does_not_offer_the_tag_itself_or_the_tags_below_it(window) -> None:  # type: ignore[no-untyped-def]
    ids = tree(window)
    panel = window.tag_panel
    before, steps = state(window), window.undo_stack.count()
    panel.select_tag(ids["security"])
    panel.prompts.destinations = [ids["checkpoints"], ids["security"], ids["borders"], "cancel"]
    for _ in range(4):
        panel.move_action.trigger()
    assert state(window) == before and window.undo_stack.count() == steps
    dialog = panel.prompts.destination_dialogs[0]
    offered = {}
    model = dialog.source

    def walk(parent) -> None:  # type: ignore[no-untyped-def]
        for row in range(model.rowCount(parent)):
            item = model.itemFromIndex(model.index(row, 0, parent))
            offered[item.text()] = item.isEnabled()
            walk(item.index())

    walk(model.index(-1, -1))
    assert offered == {TOP_LEVEL_TEXT: True, "security": False, "borders": False,
                       "checkpoints": False, "terrorism": False, "water": True}


def test_the_destination_filter_keeps_matching_tags_and_their_parents(window) -> None:  # type: ignore[no-untyped-def]
    ids = tree(window)
    window.tag_panel.select_tag(ids["water"])
    window.tag_panel.prompts.destinations = ["cancel"]
    window.tag_panel.move_action.trigger()
    dialog = window.tag_panel.prompts.destination_dialogs[0]
    dialog.filter_box.setText("check")
    assert dialog.choose(ids["checkpoints"]) and not dialog.choose(ids["terrorism"])
    dialog.accept()
    assert dialog.destination is not None and dialog.destination.tag_id == ids["checkpoints"]


def test_a_tag_can_be_named_with_a_slash(window) -> None:  # type: ignore[no-untyped-def]
    ids = tree(window)
    panel, tags = window.tag_panel, window.project.tags
    panel.select_tag(ids["borders"])
    panel.prompts.texts = ["land/sea borders"]
    panel.rename_action.trigger()
    assert tags.get(ids["borders"]).name == "land/sea borders"
    assert tags.paths()[ids["borders"]] == ("security", "land/sea borders")
    assert window.tag_model.index_of(ids["borders"]).data() == "land/sea borders"
    panel.prompts.texts = ["left/right"]
    panel.new_action.trigger()
    made = tags.find(["left/right"])
    assert made is not None and tags.get(made).parent_id is None
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert tags.get(ids["borders"]).name == "borders" and tags.find(["left/right"]) is None


def test_merge_into_is_chosen_from_the_tree_without_its_own_subtree(window) -> None:  # type: ignore[no-untyped-def]
    ids = tree(window)
    tags = window.project.tags
    # Two tags whose paths read alike, "a/b": merging must reach the one picked.
    slash = tags.create("security/borders")[0]
    window.tag_model.refresh()
    panel = window.tag_panel
    panel.select_tag(ids["water"])
    panel.prompts.destinations = [slash]
    panel.merge_action.trigger()
    assert tags.find(["water"]) is None and tags.get(ids["borders"]).name == "borders"
    doc_highlights = [h for d in window.project.documents.ids()
                      for h in window.project.highlights.for_document(d)]
    assert any(slash in h.tag_ids for h in doc_highlights)  # water's highlight went there
    dialog = panel.prompts.destination_dialogs[-1]
    assert dialog.windowTitle() == "Merge tag 'water'"
    assert not dialog.choose(None)  # no "top level" to merge into
    panel.select_tag(ids["security"])
    panel.prompts.destinations = [ids["borders"]]
    panel.merge_action.trigger()  # a tag below it is not offered
    assert tags.get(ids["security"]).name == "security"


def test_the_toolbar_shows_delete_at_the_usual_width(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: not window.dock_sizes.pending)
    toolbar = window.tag_panel.toolbar
    for action in (window.tag_panel.new_action, window.tag_panel.delete_action):
        button = toolbar.widgetForAction(action)
        qtbot.waitUntil(button.isVisible)
        assert toolbar.rect().contains(button.geometry())
