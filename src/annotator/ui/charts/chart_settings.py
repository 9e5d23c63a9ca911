"""A chart's choices as plain values, to be remembered across restarts (see
``ui.window_memory``): the timeline's measure, period, style, palette, split and
panels, the
frequency chart's view, measure and order.

Values are stored by name, not by position, so a choice that no longer exists (a
variable deleted since) is simply not restored.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from .frequency_chart import FrequencyChart
from .timeline_chart import TimelineChart

Settings = dict[str, str]


def _choose(box: QComboBox, text: str | None) -> None:
    """Select the item named ``text`` (nothing happens when there is none)."""
    index = box.findText(text) if text else -1
    if index >= 0:
        box.setCurrentIndex(index)


def _boxes(chart: TimelineChart | FrequencyChart) -> dict[str, QComboBox]:
    if isinstance(chart, TimelineChart):
        return {"measure": chart.measure_box, "period": chart.period_box,
                "style": chart.style_box, "palette": chart.palette_box}
    return {"view": chart.view_box, "measure": chart.measure_box, "sort": chart.sort_box}


def _checks(chart: TimelineChart | FrequencyChart) -> dict[str, QCheckBox]:
    if isinstance(chart, TimelineChart):
        return {"panels": chart.panels_box}
    return {"children": chart.children_box}


def chart_settings(chart: TimelineChart | FrequencyChart) -> Settings:
    """The chart's choices by name (``split``: the variable, empty for none)."""
    found = {name: box.currentText() for name, box in _boxes(chart).items()}
    found.update({name: "1" if box.isChecked() else "" for name, box in _checks(chart).items()})
    if isinstance(chart, TimelineChart):
        found["split"] = chart.split_picker.split or ""
    return found


def apply_chart_settings(chart: TimelineChart | FrequencyChart, settings: Settings,
                         variables: list[str]) -> None:
    """Choose what ``settings`` names; ``variables``: the project's variables (a split
    by a variable gone is left out). The chart redraws once, when it is next on screen
    (a chart behind a tab computes nothing at startup)."""
    boxes, checks = _boxes(chart), _checks(chart)
    widgets: list[QWidget] = [*boxes.values(), *checks.values()]
    if isinstance(chart, TimelineChart):
        widgets.append(chart.split_picker.split_box)
    blockers = [QSignalBlocker(widget) for widget in widgets]
    try:
        for name, box in boxes.items():
            _choose(box, settings.get(name))
        for name, check in checks.items():
            if name in settings:
                check.setChecked(settings[name] == "1")
        if isinstance(chart, TimelineChart) and settings.get("split") in variables:
            chart.split_picker.set_variables(variables)
            _choose(chart.split_picker.split_box, settings["split"])
    finally:
        for blocker in blockers:
            blocker.unblock()
    chart.schedule_redraw()
