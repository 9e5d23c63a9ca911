"""The day of a document's date in SQL, at any precision the date is stored with."""

#: SQL for the day (``YYYY-MM-DD``) of ``d.date`` at any stored precision, or NULL: a
#: date of reduced precision (``YYYY``, ``YYYY-MM``) counts at the start of its year or
#: month.
DOCUMENT_DAY = (
    "(CASE length(d.date) WHEN 4 THEN d.date || '-01-01' "
    "WHEN 7 THEN d.date || '-01' ELSE substr(d.date, 1, 10) END)"
)
