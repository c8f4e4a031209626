"""Tests for readiness."""
