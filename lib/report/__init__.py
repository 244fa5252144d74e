"""The monthly report: ``model`` (what it says), ``narrative`` (its sentences) and ``export`` (Word, PDF,
Excel and the charts they carry)."""
