"""readiness's version: printed by --version and recorded in every output."""

from __future__ import annotations

__version__ = "0.2.0"
