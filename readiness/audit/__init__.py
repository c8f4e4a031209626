"""Audits: the reviewer's checklist for a visit, out as YAML, Excel or a fillable PDF, and
its filled copy read back into the reviewer's file, review.yaml."""
