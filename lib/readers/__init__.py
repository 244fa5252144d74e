"""Readers: each turns one source file into a clean table or a list of problems — the targets
(``catalogue``), the reporting units (``org_units``) and the demo year (``demo``)."""
