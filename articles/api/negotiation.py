"""Content negotiation that names the formats there are when asked for one
that is not (`?format=xml`), instead of a bare "Not found.", and holds
`format` to the rule of every parameter: given empty (DRF would read no
format) or twice (DRF would take the last), it is a 400 naming it."""

from __future__ import annotations

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation

from articles.api.filters import empty_value_message, repeated_value_message


class FormatNamingNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        name = self.settings.URL_FORMAT_OVERRIDE
        values = request.query_params.getlist(name) if name else []
        if len(values) > 1:
            raise ValidationError({name: [repeated_value_message(len(values))]})
        if values and not values[0].strip():
            raise ValidationError({name: [empty_value_message(name)]})
        return super().select_renderer(request, renderers, format_suffix)

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
