"""The portfolio across sites as one HTML document (heat tables of sites by domain), and the
PDF printed from it, readable in black and white."""

from __future__ import annotations

from readiness.render import render_template, template_folders, write_pdf
from readiness.report.portfolio.context import PortfolioContext

TEMPLATE = "portfolio.html"


def render_portfolio_html(portfolio: PortfolioContext, ranking_note: str) -> str:
    """The portfolio as a self-contained HTML document."""
    return render_template(
        TEMPLATE, template_folders(), portfolio=portfolio, ranking_note=ranking_note
    )


def render_portfolio(portfolio: PortfolioContext, ranking_note: str) -> bytes:
    """The portfolio PDF (tagged, dated from the latest assessment, same bytes every time)."""
    html = render_portfolio_html(portfolio, ranking_note)
    return write_pdf(
        html, template_folders(), portfolio.date, pdf_variant="pdf/ua-1", pdf_identifier=True
    )
