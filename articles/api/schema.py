"""OpenAPI post-processing: what `fields=` and `expand=` do to an article,
stated in its schema so that clients (and schema checkers) expect it."""

from __future__ import annotations


def article_shapes(result, generator, request, public):
    article = result.get("components", {}).get("schemas", {}).get("Article")
    if not article:
        return result
    # Any field may be left out with `fields=`.
    article.pop("required", None)
    properties = article["properties"]
    properties["section"] = {
        "oneOf": [
            properties["section"],
            {"type": "string", "description": "The section's slug (not expanded)."},
        ]
    }
    properties["tags"] = {
        "type": "array",
        "items": {
            "oneOf": [
                properties["tags"]["items"],
                {"type": "string", "description": "The tag's slug (not expanded)."},
            ]
        },
    }
    properties["credits"] = {
        "type": "array",
        "items": {
            "oneOf": [
                properties["credits"]["items"],
                {
                    "type": "object",
                    "description": "A credit with the contributor's slug "
                    "(not expanded).",
                    "properties": {
                        "role": {"type": "string"},
                        "contributor": {"type": "string"},
                    },
                    "required": ["role", "contributor"],
                },
            ]
        },
    }
    properties["lead_image"] = {
        "oneOf": [
            properties["lead_image"],
            {"type": "integer", "description": "The image's id (not expanded)."},
        ]
    }
    return result
