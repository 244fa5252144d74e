"""Logic of the ward's 2025 targets dashboard: catalogue, data, analytics, formatting, figures."""
