"""Assessments: a site's answers, from one YAML file or a folder, and their model."""
