"""The situation stage: stories, reconciled figures, merged events, reactions and alerts.

It reads what the lower stages stored (articles and their extractions) and never imports
``report`` or ``serve``.
"""
