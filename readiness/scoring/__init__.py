"""Scoring: pure functions from a validated assessment to structured scores and a plan."""
