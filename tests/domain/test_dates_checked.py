from __future__ import annotations

import pytest

from annotator.domain.dates import checked_date
from annotator.domain.errors import UserError


@pytest.mark.parametrize("text, expected", [
    ("", None), ("  ", None), ("1789", "1789"), ("2018-02", "2018-02"),
    ("2018-02-12", "2018-02-12"), ("2018-02-12 15:32", "2018-02-12T15:32"),
    ("2018-02-12T15:32:07", "2018-02-12T15:32:07"),
])
def test_accepted_dates(text: str, expected: str | None) -> None:
    assert checked_date(text) == expected


@pytest.mark.parametrize("text", ["12.02.2018", "2018-13", "2018-02-30", "2018-02-12T25:00", "soon"])
def test_refused_dates_name_the_value(text: str) -> None:
    with pytest.raises(UserError, match=text.replace(".", r"\.")):
        checked_date(text)
