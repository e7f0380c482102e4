"""The OpenAPI schema of an image's `provenance` object (the object itself
is built by articles.models.provenance.delivered_provenance)."""

from __future__ import annotations

from articles.models.provenance import CREDENTIAL_STATES

NULLABLE_STRING = {"type": "string", "nullable": True}

PROVENANCE_SCHEMA = {
    "type": "object",
    "description": "Where the photo comes from: its digital source type (IPTC "
    "vocabulary) and who says so, the PLUS data-mining terms, and its C2PA "
    "content credentials. 'valid' means the signature verifies; only "
    "'trusted' means it chains to the newsroom's trust anchors.",
    "properties": {
        "digital_source_type": {
            "type": "object",
            "nullable": True,
            "properties": {
                "uri": {"type": "string", "format": "uri"},
                "name": NULLABLE_STRING,
                "source": {"type": "string", "enum": ["c2pa", "xmp", "editor"]},
                "label": {
                    "type": "string",
                    "nullable": True,
                    "enum": ["ai_generated", "ai_edited", None],
                },
            },
        },
        "data_mining": {**NULLABLE_STRING, "format": "uri"},
        "c2pa": {
            "type": "object",
            "properties": {
                "state": {"type": "string", "enum": list(CREDENTIAL_STATES)},
                "claim_generator": NULLABLE_STRING,
                "signer": NULLABLE_STRING,
                "signed_at": {**NULLABLE_STRING, "format": "date-time"},
                "manifest_url": {
                    **NULLABLE_STRING,
                    "format": "uri",
                    "description": "The public address of the photo's "
                    "credentials (a remote manifest), never fetched by us.",
                },
                "actions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "action": {"type": "string"},
                            "digital_source_type": NULLABLE_STRING,
                        },
                    },
                },
            },
        },
    },
}
