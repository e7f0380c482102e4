from __future__ import annotations

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder


class ORJSONRenderer(JSONRenderer):
    """DRF's JSON renderer on orjson: the same output, encoded in Rust. Types
    orjson does not know (lazy strings, Decimals) go through DRF's encoder."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(
            data,
            default=JSONEncoder().default,
            option=orjson.OPT_PASSTHROUGH_DATACLASS,
        )


class NinjsRenderer(ORJSONRenderer):
    """IPTC ninjs by content negotiation: `Accept: application/ninjs+json`
    (or `?format=ninjs`) on an article."""

    media_type = "application/ninjs+json"
    format = "ninjs"
