"""The tag panel: create, rename, recolour, merge, delete through its actions; the tree model."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_fixtures import document_id

from annotator.ui.tag_model import COLUMN_HIGHLIGHTS, COLUMN_NAME


def names(window) -> list[str]:
    return [t.name for t in window.project.tags.all()]


def test_tag_model_passes_the_model_tester(window, qtmodeltester):
    window.project.tags.create("child", parent_id=window.project.tags.find(["water"]))
    window.tag_model.refresh()
    qtmodeltester.check(window.tag_model)
    qtmodeltester.check(window.tag_panel.proxy)


def test_children_sit_under_their_parent(window):
    water = window.project.tags.find(["water"])
    window.project.tags.create("rivers", parent_id=water)
    window.tag_model.refresh()
    parent = window.tag_model.index_of(water)
    assert window.tag_model.rowCount(parent) == 1
    assert window.tag_model.index(0, COLUMN_NAME, parent).data() == "rivers"


def test_create_rename_and_undo_through_actions(window):
    panel = window.tag_panel
    panel.prompts.texts = ["economy"]
    panel.new_action.trigger()
    assert "economy" in names(window)
    assert window.undo_action.text() == "Undo Create tag 'economy'"
    assert panel.current_tag() == window.project.tags.find(["economy"])

    panel.prompts.texts = ["economics"]
    panel.rename_action.trigger()
    assert "economics" in names(window) and "economy" not in names(window)
    window.undo_action.trigger()
    assert "economy" in names(window)
    window.undo_action.trigger()
    assert "economy" not in names(window)
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert "economics" in names(window)


def test_ctrl_n_in_the_panel_creates_a_tag(window, qtbot):
    panel = window.tag_panel
    panel.prompts.texts = ["labour"]
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "labour" in names(window)


def test_recolour_is_undoable(window):
    panel = window.tag_panel
    water = window.project.tags.find(["water"])
    old = window.project.tags.get(water).color
    panel.select_tag(water)
    panel.prompts.colors = ["#123456"]
    panel.recolor_action.trigger()
    assert window.project.tags.get(water).color == "#123456"
    window.undo_action.trigger()
    assert window.project.tags.get(water).color == old


def test_delete_asks_with_the_number_of_highlights(window):
    security = window.project.tags.find(["security"])
    doc = document_id(window, "River report")
    window.project.highlights.create(doc, 4, 9, [security])
    window.tag_model.refresh()
    panel = window.tag_panel
    panel.select_tag(security)
    panel.prompts.confirm_answer = False
    panel.delete_action.trigger()
    assert "security" in names(window)
    assert "1 highlight will lose it" in panel.prompts.confirmations[-1]

    panel.prompts.confirm_answer = True
    panel.delete_action.trigger()
    assert "security" not in names(window)
    assert window.project.highlights.count() == 1
    assert window.undo_action.text() == "Undo Delete tag 'security'"
    window.undo_stack.undo()  # the tag comes back with its id and its highlight
    assert "security" in names(window)
    assert window.project.tags.get(security).name == "security"
    tagged = [h for d in window.project.documents.ids() for h in window.project.highlights.for_document(d)]
    assert [h.tag_ids for h in tagged] == [(security,)]
    window.undo_stack.redo()
    assert "security" not in names(window)


def test_merge_moves_highlights_to_the_target(window):
    security = window.project.tags.find(["security"])
    water = window.project.tags.find(["water"])
    doc = document_id(window, "River report")
    hid, _ = window.project.highlights.create(doc, 4, 9, [security])
    window.tag_model.refresh()
    panel = window.tag_panel
    panel.select_tag(security)
    panel.prompts.destinations = [water]
    panel.merge_action.trigger()
    assert panel.prompts.confirmations[-1].startswith(
        "Merge 'security' into 'water'? 1 highlight of 'security' will carry 'water'")
    assert names(window) == ["water"]
    assert window.project.highlights.get(hid).tag_ids == (water,)
    row = window.tag_model.index_of(water, COLUMN_HIGHLIGHTS)
    assert row.data() == 1
    window.undo_stack.undo()  # separated again, exactly as before
    assert sorted(names(window)) == ["security", "water"]
    assert window.project.highlights.get(hid).tag_ids == (security,)
    window.undo_stack.redo()
    assert window.project.highlights.get(hid).tag_ids == (water,)


def test_activating_a_tag_applies_it_to_the_selection(window):
    doc = document_id(window, "River report")
    window.open_document(doc)
    window.editor.select_span(4, 9)
    water = window.project.tags.find(["water"])
    index = window.tag_panel.proxy.mapFromSource(window.tag_model.index_of(water))
    window.tag_panel.view.activated.emit(index)
    [h] = window.project.highlights.for_document(doc)
    assert (h.quote, h.tag_ids) == ("river", (water,))


def test_tag_created_by_another_connection_appears(window, qtbot, project_file):
    from annotator.services import Project

    with Project.open(project_file) as other:
        other.tags.create("from the CLI")
    qtbot.waitUntil(
        lambda: "from the CLI" in [
            window.tag_model.tag_count(t).tag.name for t in window.tag_model.tag_ids_in_order()
        ],
        timeout=3000,
    )
    new = window.project.tags.find(["from the CLI"])
    assert window.tag_model.index_of(new).data() == "from the CLI"


def test_dragging_a_tag_onto_another_nests_it_undoably(window, qtmodeltester):
    security = window.project.tags.find(["security"])
    water = window.project.tags.find(["water"])
    model = window.tag_model
    data = model.mimeData([model.index_of(water)])
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index_of(security))
    assert window.project.tags.get(water).parent_id == security
    assert model.index_of(water).parent().internalId() == security  # the tree follows
    assert window.undo_action.text() == "Undo Move tag 'water' under 'security'"
    window.undo_stack.undo()
    assert window.project.tags.get(water).parent_id is None
    # dropping a parent into its own child is refused with a message, nothing moves
    window.project.tags.move(water, security)
    window.tag_model.refresh()
    model.dropMimeData(model.mimeData([model.index_of(security)]), Qt.DropAction.MoveAction,
                       -1, 0, model.index_of(water))
    assert window.project.tags.get(security).parent_id is None
    assert "inside itself" in window.last_error
    qtmodeltester.check(model)


def test_tagging_updates_only_the_count_that_changed(window, qtbot):
    """Applying a tag repaints that tag's row with its new count, not the whole codebook."""
    doc = document_id(window, "River report")
    window.open_document(doc)
    model = window.tag_model
    water = window.project.tags.find(["water"])
    before = model.index_of(water, COLUMN_HIGHLIGHTS).data()
    changed_rows: list[int] = []
    model.dataChanged.connect(lambda top, bottom: changed_rows.append(top.internalId()))
    window.editor.select_span(4, 9)
    assert window.editor.apply_tags([water])
    assert changed_rows == [water]
    assert model.index_of(water, COLUMN_HIGHLIGHTS).data() == before + 1
