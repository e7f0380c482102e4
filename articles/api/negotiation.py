"""Content negotiation that names the formats there are when asked for one
that is not (`?format=xml`), instead of a bare "Not found."."""

from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation


class FormatNamingNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            # Decided before any lookup, so a hidden story and a missing one
            # still answer alike.
            names = ", ".join(dict.fromkeys(r.format for r in renderers))
            raise NotFound(
                f"There is no format “{format[:40]}” here; formats: {names}."
            )
        return found
