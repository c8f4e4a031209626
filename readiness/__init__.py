"""readiness: how ready a social prescribing site is to implement and sustain the service."""

from __future__ import annotations

__version__ = "0.1.0"
