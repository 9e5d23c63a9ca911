"""The questions the tag panel asks before deleting a tag, and the answers it offers.

Kept apart from the dialogs so that tests read the exact words a researcher reads.
"""

from __future__ import annotations

from ..domain.wording import plural
from ..services.tag_deletion import DeletionPreview

#: The answers to "what happens to the tags below it?", in the order they are offered;
#: the first is the default (nothing is lost).
MOVE_CHILDREN_UP = "Move them up"
DELETE_CHILDREN_TOO = "Delete them too"
CHILDREN_CHOICES = (MOVE_CHILDREN_UP, DELETE_CHILDREN_TOO)


def deletion_question(preview: DeletionPreview) -> str:
    """The question for a tag: its highlights, and (when it has any) what can become of
    the tags below it, with the highlights each answer touches."""
    name = f"'{preview.name}'"
    first = (f"Delete the tag {name}? {plural(preview.highlights, 'highlight')} will lose "
             "it (they keep their other tags).")
    if not preview.below:
        return f"{first} Edit ▸ Undo brings it back."
    where = f"under '{preview.parent_name}'" if preview.parent_name else "to the top level"
    in_all = f" ({plural(preview.below, 'tag')} below it in all)" \
        if preview.below != preview.children else ""
    return (
        f"{first}\n\n"
        f"{name} has {plural(preview.children, 'child tag')}{in_all}, carried by "
        f"{plural(preview.below_highlights, 'highlight')}.\n"
        f"• {MOVE_CHILDREN_UP}: {'it goes' if preview.children == 1 else 'they go'} "
        f"{where}, with {'its' if preview.children == 1 else 'their'} highlights.\n"
        f"• {DELETE_CHILDREN_TOO}: {plural(preview.below + 1, 'tag')} will be deleted; "
        f"{plural(preview.all_highlights, 'highlight')} will lose one of them.\n\n"
        "Edit ▸ Undo brings everything back."
    )
