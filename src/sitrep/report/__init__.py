"""Report stage: exports of coded events and reactions (later: briefs)."""

from sitrep.report.exports import ExportError, export_events, export_reactions

__all__ = ["ExportError", "export_events", "export_reactions"]
