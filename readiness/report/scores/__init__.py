"""One site's scores as outputs: the terminal table, JSON and CSV."""
