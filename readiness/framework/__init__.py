"""Frameworks: the file format, its checks, the frozen model, and which frameworks a run uses."""
