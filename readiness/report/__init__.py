"""Publishing scores: the PDF report (context, charts, rendering), and the scores as JSON, CSV
and a terminal table; the words readers see are made here, never in scoring."""
