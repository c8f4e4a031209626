"""Many sites side by side: site summaries, the portfolio PDF and the rows analysts load."""
