"""Who may see the dashboard: accounts, passwords, lockout, share links (``auth``)."""
