"""Autocode and the other tag-taking uses find a tag by its exact name or its path, and
create one only when nothing matches."""

from __future__ import annotations

import re

import pytest

from annotator.domain.errors import UserError
from annotator.domain.model import NewDocument
from annotator.services import Project
from annotator.services.autocode import autocode


def test_autocode_codes_the_one_tag_of_that_name_deep_in_the_tree(project: Project) -> None:
    project.documents.add(NewDocument("t", "New sanctions today. More sanctions.\n"))
    economy, _ = project.tags.create("economy")
    sanctions, _ = project.tags.create("sanctions", parent_id=economy)
    result = autocode(project, "sanctions", re.compile("sanctions"))
    assert result.tag_id == sanctions
    assert len(project.tags.all()) == 2
    assert result.created == len(re.findall("sanctions", "New sanctions today. More sanctions."))


def test_autocode_refuses_an_ambiguous_name_and_changes_nothing(project: Project) -> None:
    project.documents.add(NewDocument("t", "Border talks.\n"))
    for parent in ("security", "economy"):
        parent_id, _ = project.tags.create(parent)
        project.tags.create("border", parent_id=parent_id)
    with pytest.raises(UserError, match="economy/border, security/border"):
        autocode(project, "border", re.compile("Border"))
    assert len(project.tags.all()) == 4 and project.highlights.count() == 0


def test_autocode_makes_a_new_top_level_tag_only_when_none_matches(project: Project) -> None:
    project.documents.add(NewDocument("t", "Pro and contra.\n"))
    result = autocode(project, "pro\\/contra", re.compile("Pro"))
    assert project.tags.paths() == {result.tag_id: ("pro/contra",)}
    again = autocode(project, "pro/contra", re.compile("contra"))
    assert again.tag_id == result.tag_id  # the exact name first
    nested = autocode(project, "/pro/contra", re.compile("and"))
    assert project.tags.paths()[nested.tag_id] == ("pro", "contra")


def test_a_tag_name_may_hold_a_slash(project: Project) -> None:
    tag_id, _ = project.tags.create("left/right")
    assert project.tags.get(tag_id).name == "left/right"
    project.tags.rename(tag_id, "up/down")
    assert project.tags.resolve("up/down") == tag_id
