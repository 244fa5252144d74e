"""The analytics over the Store: ``datastore`` (the data folder into DuckDB), ``formulas`` (the gap of
every indicator), ``tasks`` (tasks, lateness) and ``scoring`` (the emulation ranking)."""
