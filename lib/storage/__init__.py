"""Durable files: the write primitives (lock, atomic write, audit log) and the stores built on them —
month files (``month_store``), the task list (``task_store``) and backups (``backup``)."""
