"""Annotator: a desktop application for qualitative research.

Layers (enforced by import-linter, see pyproject.toml): ``ui`` and ``cli`` call
``services``, which call ``store`` (the only SQL) and ``formats`` (pure file converters),
which use ``domain`` (plain types and rules, standard library only).
"""

__version__ = "0.1.0"
