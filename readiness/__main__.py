"""`python -m readiness` runs the command line."""

from readiness.cli import entry_point

entry_point()
