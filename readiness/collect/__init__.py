"""Collecting answers: questionnaires out (PDF form, workbook, YAML) and answers back in
(filled questionnaires and survey exports) as respondent files."""
