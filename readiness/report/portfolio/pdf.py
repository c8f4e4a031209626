"""The portfolio as a PDF: heat tables of sites by domain, readable in black and white."""

from __future__ import annotations

from readiness.render import render_template, template_folders, write_pdf
from readiness.report.portfolio.context import PortfolioContext

TEMPLATE = "portfolio.html"


def render_portfolio(portfolio: PortfolioContext, ranking_note: str) -> bytes:
    """The portfolio PDF (tagged, dated from the latest assessment, same bytes every time)."""
    folders = template_folders()
    html = render_template(TEMPLATE, folders, portfolio=portfolio, ranking_note=ranking_note)
    return write_pdf(html, folders, portfolio.date, pdf_variant="pdf/ua-1", pdf_identifier=True)
