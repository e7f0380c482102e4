"""The write API in the OpenAPI schema: the bearer token scheme, each
operation's body, headers and refusals, with examples."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from articles.api.writing.serializers import (
    PhotoInput,
    PhotoOutput,
    ScheduleInput,
    StoryInput,
    StoryOutput,
    StorySummary,
)
from articles.models.api_tokens import SCOPES

TAG = "manage"


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "articles.api.writing.auth.BearerTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        scopes = "; ".join(f"`{name}`: {text}" for name, text in SCOPES.items())
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (`manage.py api_token create`, or the "
            "admin), acting as its user with that user's role. Scopes: "
            f"{scopes}",
        }


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The story's ETag from a GET or your last write. A story changed "
    "since (by anyone, in the admin or here) answers 412 and nothing is written.",
    pattern='^"[^"]+"$',
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="Any unique string (a UUID) per write: a retry with the same key "
    "within 24 hours gets the first response again (`Idempotent-Replayed: "
    "true`) instead of writing twice.",
    pattern="^[!-~]{1,255}$",
)
STATUS_FILTER = OpenApiParameter(
    "status",
    str,
    enum=["draft", "review", "scheduled", "published", "archived"],
    description="Only stories with this status.",
)


def refusal(text: str) -> OpenApiResponse:
    return OpenApiResponse(description=text)


REFUSALS = {
    401: refusal(
        "No token, or one that is not valid, has expired or was revoked "
        "(`detail` says which)."
    ),
    403: refusal(
        "The token lacks the scope, or its user's role does not allow this "
        "(a writer's token never publishes)."
    ),
    404: refusal("No story with this id."),
}
CHANGE_REFUSALS = {
    **REFUSALS,
    412: refusal("The story changed since the ETag in If-Match: nothing was written."),
    428: refusal("If-Match is missing."),
}
POST_REFUSALS = {
    422: refusal("The Idempotency-Key was used for a different request."),
}
STORY_EXAMPLE = OpenApiExample(
    "A wire story",
    value={
        "headline": "Storm closes the coast road",
        "standfirst": "Police expect it to stay shut overnight.",
        "body": "<p>The coast road was closed on Monday…</p>",
        "section": "news",
        "tags": ["weather"],
        "credits": [{"contributor": "jane-doe", "role": "author"}],
    },
    request_only=True,
)

LIST_DOCS = {
    "tags": [TAG],
    "summary": "Stories, drafts included (articles:read-drafts)",
    "operation_id": "manage_articles_list",
    "parameters": [STATUS_FILTER],
    "responses": {
        200: StorySummary,
        400: refusal(
            "An unknown status or parameter, a parameter given twice, or a limit "
            "that is no whole number from 1."
        ),
        **REFUSALS,
    },
}
RETRIEVE_DOCS = {
    "tags": [TAG],
    "summary": "A story as editors have it (articles:read-drafts)",
    "description": "A live story's working draft is shown over it, as the admin's "
    "form opens it; `working_draft` says whose it is. The ETag names this version.",
    "responses": {200: StoryOutput, **REFUSALS},
}
CREATE_DOCS = {
    "tags": [TAG],
    "summary": "Create a draft story (articles:write)",
    "request": StoryInput,
    "parameters": [IDEMPOTENCY_KEY],
    "examples": [STORY_EXAMPLE],
    "responses": {
        201: StoryOutput,
        400: refusal("A field refused (by field name)."),
        **REFUSALS,
        **POST_REFUSALS,
    },
}
PATCH_DOCS = {
    "tags": [TAG],
    "summary": "Edit a story (articles:write)",
    "description": "A draft is saved; a published or scheduled story keeps its "
    "live version and the change goes into its working draft, published with "
    "`publish/`. Writers edit their own stories only and set no times.",
    "request": StoryInput,
    "parameters": [IF_MATCH],
    "responses": {
        200: StoryOutput,
        400: refusal("A field refused (by field name)."),
        **CHANGE_REFUSALS,
    },
}


def action_docs(summary: str, description: str) -> dict:
    return {
        "tags": [TAG],
        "summary": summary,
        "description": description,
        "request": None,
        "parameters": [IF_MATCH, IDEMPOTENCY_KEY],
        "responses": {
            200: StoryOutput,
            409: refusal("The action does not apply to the story as it stands."),
            **CHANGE_REFUSALS,
            **POST_REFUSALS,
        },
    }


ACTION_DOCS = {
    "submit": action_docs(
        "Submit for review (articles:write)",
        "A draft goes into review; a live story's working draft is marked for "
        "an editor.",
    ),
    "publish": action_docs(
        "Publish (articles:publish, an editor's token)",
        "A draft or story in review is published now (an embargo still "
        "holds); a live story's working draft is made live in one save.",
    ),
    "unpublish": action_docs(
        "Unpublish (articles:publish, an editor's token)",
        "Off every public surface at once, a draft again.",
    ),
}
SCHEDULE_DOCS = {
    **action_docs(
        "Schedule (articles:publish, an editor's token)",
        "Published at `at`, still to come; hidden until then.",
    ),
    "request": ScheduleInput,
}
SCHEDULE_DOCS["responses"] = {
    **SCHEDULE_DOCS["responses"],
    400: refusal("`at` missing, malformed or not to come."),
}
PHOTO_DOCS = {
    "tags": [TAG],
    "summary": "Upload a photo (images:write)",
    "description": "Multipart. Checked as on the admin's upload (a photo we "
    "accept, not too large, not already in the library); empty fields and "
    "credits are filled in from its IPTC, XMP and EXIF.",
    "request": {"multipart/form-data": PhotoInput},
    "parameters": [IDEMPOTENCY_KEY],
    "responses": {
        201: PhotoOutput,
        400: refusal("Not a photo we accept (the reason), or a field refused."),
        409: refusal("Already in the library: `existing` is its id."),
        **{code: REFUSALS[code] for code in (401, 403)},
        **POST_REFUSALS,
    },
}

MANAGE_HEADERS = {
    "ETag": {
        "description": "The story's version: send it in If-Match to change it.",
        "schema": {"type": "string", "pattern": '^"[^"]+"$'},
    },
    "Cache-Control": {
        "required": True,
        "description": "A token holder's own answer: never cached.",
        "schema": {"type": "string", "enum": ["no-store, private"]},
    },
}
# A refused field's errors, by name (nested for credits), or `detail`.
FIELD_ERRORS = {
    "type": "object",
    "description": "What was refused, by field name (credits by position), or "
    "`detail`.",
    "minProperties": 1,
    "example": {"headline": ["This field is required."]},
}


# What a client does next with a story it wrote: the id and the ETag of the
# answer (the schema's links; schemathesis's stateful phase follows them).
FOLLOWED = {
    "manage_articles_create",
    "manage_articles_partial_update",
    "manage_articles_submit_create",
    "manage_articles_publish_create",
    "manage_articles_schedule_create",
    "manage_articles_unpublish_create",
}
NEXT_WRITES = {
    name: {
        "operationId": operation,
        "parameters": {
            "path.id": "$response.body#/id",
            "header.If-Match": "$response.header.ETag",
        },
    }
    for name, operation in {
        "EditStory": "manage_articles_partial_update",
        "SubmitStory": "manage_articles_submit_create",
        "PublishStory": "manage_articles_publish_create",
        "UnpublishStory": "manage_articles_unpublish_create",
    }.items()
}


def write_api(result, generator, request, public):
    """After `ninjs_and_errors`: the write API's answers carry no public
    caching headers, and its errors are JSON."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if TAG not in operation.get("tags", []):
                continue
            for code, response in operation["responses"].items():
                if code.startswith("2"):
                    response["headers"] = MANAGE_HEADERS
                elif "content" not in response:
                    response["content"] = {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}
                        }
                    }
            operation["responses"].pop("406", None)
            if operation["operationId"] in FOLLOWED:
                for code in ("200", "201"):
                    if code in operation["responses"]:
                        operation["responses"][code]["links"] = NEXT_WRITES
            if "400" in operation["responses"]:
                operation["responses"]["400"]["content"] = {
                    "application/json": {"schema": FIELD_ERRORS}
                }
    return result
