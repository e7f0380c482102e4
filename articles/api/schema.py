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


# The article as IPTC ninjs 3.1: what `articles.interchange.ninjs_writer` writes (empty members
# are left out). The full standard is at iptc.org; every document also
# validates against its JSON Schema (tests/test_ninjs.py).
_TEXTS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "role": {"type": "string"},
            "contentType": {"type": "string"},
            "value": {"type": "string"},
        },
        "required": ["value"],
    },
}
_SOURCES = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "role": {"type": "string"}},
        "required": ["name"],
    },
}
NINJS = {
    "type": "object",
    "description": "The article as IPTC ninjs 3.1 (News in JSON); members "
    "with no value are left out.",
    "externalDocs": {"url": "https://iptc.org/standards/ninjs/"},
    "required": ["uri", "type", "version", "headlines", "bodies"],
    "properties": {
        "uri": {"type": "string"},
        "type": {"type": "string", "enum": ["text", "composite"]},
        "representationType": {"type": "string", "enum": ["full"]},
        "profile": {"type": "string"},
        "version": {"type": "string"},
        "firstCreated": {"type": "string", "format": "date-time"},
        "versionCreated": {"type": "string", "format": "date-time"},
        "contentCreated": {"type": "string", "format": "date-time"},
        "pubStatus": {"type": "string", "enum": ["usable"]},
        "language": {"type": "string"},
        "headlines": _TEXTS,
        "descriptions": _TEXTS,
        "bodies": _TEXTS,
        "by": {"type": "string"},
        "edNote": {"type": "string"},
        "infoSources": _SOURCES,
        "subjects": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "rel": {"type": "string"},
                    "literal": {"type": "string"},
                },
            },
        },
        "altIds": _TEXTS,
        "associations": {
            "type": "array",
            "description": "The lead photo, as a `picture` with its renditions, "
            "and the story's live editions in other languages, each a partial "
            "`text` item named `edition-<language>`.",
            "items": {
                "type": "object",
                "required": ["uri", "type"],
                "properties": {
                    "name": {"type": "string"},
                    "rel": {"type": "string"},
                    "uri": {"type": "string"},
                    "type": {"type": "string", "enum": ["picture", "text"]},
                    "representationType": {"type": "string", "enum": ["partial"]},
                    "language": {"type": "string"},
                    "altIds": _TEXTS,
                    "headlines": _TEXTS,
                    "descriptions": _TEXTS,
                    "by": {"type": "string"},
                    "infoSources": _SOURCES,
                    "copyrightNotice": {"type": "string"},
                    "usageTerms": {"type": "string"},
                    "edNote": {"type": "string"},
                    "contentCreated": {"type": "string", "format": "date-time"},
                    "renditions": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["href"],
                            "properties": {
                                "name": {"type": "string"},
                                "href": {"type": "string", "format": "uri"},
                                "contentType": {"type": "string"},
                                "width": {"type": "integer"},
                                "height": {"type": "integer"},
                            },
                        },
                    },
                },
            },
        },
    },
}
NINJS_MEDIA_TYPE = "application/ninjs+json"

ERROR = {
    "type": "object",
    "description": "What went wrong.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "What was refused, by parameter: `detail` for unknown "
    "parameters (with the allowed ones), else the parameter's name with its "
    "error or errors.",
    "minProperties": 1,
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
        ]
    },
    "example": {"published_after": ["Enter a valid date/time."]},
}
ERRORS = {
    "400": (
        "ValidationError",
        "A query parameter this operation does not know (the API refuses "
        "them rather than ignore them; the message lists the allowed ones), an "
        "empty value (never read as no filter), a parameter given twice (only "
        "`fields` and `expand` may be), or a malformed value (the parameter's "
        "error).",
    ),
    "404": (
        "Error",
        "No public object here (a hidden one answers exactly the same), or a "
        "page or cursor that does not exist.",
    ),
    "406": ("Error", "No representation matches the `Accept` header."),
    "429": (
        "Error",
        "Too many requests from this client (`CMS_API_THROTTLE_RATE`, cached "
        "responses included): wait the seconds in `Retry-After`.",
    ),
}
# Errors that come as JSON whatever was asked for.
JSON_ONLY_ERRORS = ("406", "429")
RETRY_AFTER = {
    "Retry-After": {
        "required": True,
        "description": "Seconds until this client may ask again.",
        "schema": {"type": "integer", "minimum": 1},
    },
}
# What a 200 carries (see README, Caching): a strong ETag of the body, the
# newest `updated_at` in it, how long to keep it, and whether the server's
# cache answered (while that cache is on).
CACHING_HEADERS = {
    "ETag": {
        "required": True,
        "description": "A hash of the body; send it in `If-None-Match` for a 304.",
        "schema": {"type": "string", "pattern": '^"[^"]+"$'},
    },
    "Cache-Control": {
        "required": True,
        "description": "`public, max-age=…, stale-while-revalidate=…`.",
        "schema": {"type": "string", "pattern": "^public, max-age="},
    },
    "Last-Modified": {
        "description": "The newest `updated_at` among the objects in the "
        "response (send it in `If-Modified-Since` for a 304).",
        "schema": {"type": "string"},
    },
    "X-Cache": {
        "description": "Whether the server's response cache answered.",
        "schema": {"type": "string", "enum": ["HIT", "MISS"]},
    },
}
PREVIEW_HEADERS = {
    "Cache-Control": {
        "required": True,
        "description": "A story not yet public: kept by no browser, proxy or CDN.",
        "schema": {"type": "string", "enum": ["private, no-store"]},
    },
}
# Strings a query parameter may hold: django-filter refuses NUL characters,
# and the views refuse a value that is empty or only spaces (Python's `\s`
# is what `str.strip` removes).
NOT_EMPTY_NO_NUL = "^[^\x00]*[^\\s\x00][^\x00]*$"
# Where the examples of `next` and `previous` links point.
EXAMPLE_HOST = "https://news.example.com"


def ninjs_and_errors(result, generator, request, public):
    """The ninjs representation, the caching headers, the error responses
    every operation can give, the values the views refuse (empty ones, NUL
    characters) and each list's own URL in its paging examples."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Ninjs"] = NINJS
    schemas["Error"] = ERROR
    schemas["ValidationError"] = VALIDATION_ERROR
    ninjs = {"$ref": "#/components/schemas/Ninjs"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation["responses"]
            content = responses.get("200", {}).get("content", {})
            if operation["operationId"] == "articles_ninjs_retrieve":
                content["application/json"]["schema"] = ninjs
            if NINJS_MEDIA_TYPE in content:
                content[NINJS_MEDIA_TYPE]["schema"] = ninjs
            if "200" in responses:
                preview = operation["operationId"] == "preview_retrieve"
                responses["200"]["headers"] = (
                    PREVIEW_HEADERS if preview else CACHING_HEADERS
                )
            for code, (name, description) in ERRORS.items():
                # Errors come in the representation asked for, except a 406
                # and a 429 (refused before any view ran).
                json_only = code in JSON_ONLY_ERRORS
                media_types = ["application/json"] if json_only else content
                response = responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            media_type: {
                                "schema": {"$ref": f"#/components/schemas/{name}"}
                            }
                            for media_type in media_types or ["application/json"]
                        },
                    },
                )
                if code == "429":
                    response.setdefault("headers", RETRY_AFTER)
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                if parameter["schema"] == {"type": "string"}:
                    parameter["schema"]["pattern"] = NOT_EMPTY_NO_NUL
                elif parameter["schema"].get("type") == "array":
                    parameter["schema"]["minItems"] = 1  # `fields=` is empty
    paging_examples(result)
    return result


def paging_examples(result) -> None:
    """The paginators give their `next` and `previous` examples as a query
    string (`?cursor=…`); each list's response puts its own URL before it."""
    schemas = result.get("components", {}).get("schemas", {})
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            content = operation["responses"].get("200", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
            page = schemas.get(ref.rpartition("/")[2], {}).get("properties", {})
            for link in ("next", "previous"):
                example = page.get(link, {}).get("example", "")
                if example.startswith("?"):
                    page[link]["example"] = EXAMPLE_HOST + path + example
