"""Many sites at once: one job per site in worker processes, and the reports and portfolio
scores they make."""
