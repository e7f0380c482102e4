"""No lost and no doubled writes.

Lost: every change to a story names the version it was made from with
`If-Match` (the ETag of a GET or of the last write). The ETag carries what
the admin's form carries (the story's revision and its working draft's
save), so the models' own conflict rule decides, under the row lock, as for
an editor: a stale copy is a 412, and nothing is written.

Doubled: a POST with an `Idempotency-Key` keeps its first successful
response (per token, for IDEMPOTENCY_WINDOW); a retry gets it back without
writing again. The response is stored in the write's transaction, so of two
copies racing, the second's write rolls back and it answers the first's."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

import orjson
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.response import Response

from articles.models import ArticleDraft, EditConflict, IdempotentResponse

IDEMPOTENCY_WINDOW = timedelta(hours=24)
REPLAYED = "Idempotent-Replayed"
# One strong ETag, as the schema describes it (articles/api/writing/schema.py).
ETAG = re.compile(r'^"[^"]+"$')
IDEMPOTENCY_KEY = re.compile(r"^[!-~]{1,255}$")
KEPT_HEADERS = ("ETag", "Location")


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The story changed since this copy was read."
    default_code = "edit_conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Send If-Match with the story's ETag (from a GET or your last write), "
        "so that nobody's later change is overwritten."
    )
    default_code = "if_match_required"


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = (
        "This Idempotency-Key was already used for a different request; use a "
        "new key for each new write."
    )
    default_code = "idempotency_key_reused"


def draft_part(draft: ArticleDraft | None) -> str:
    if draft is None:
        return "0"
    return hashlib.sha1(draft.token.encode(), usedforsecurity=False).hexdigest()[:12]


def story_etag(article, draft: ArticleDraft | None) -> str:
    return f'"{article.pk}-{article.revision}-{draft_part(draft)}"'


@dataclass(frozen=True)
class Opened:
    """The version a change was made from, as the admin's form carries it:
    the story's revision and its working draft's token ("" for none)."""

    revision: int
    draft: str


def opened_version(request, article, draft: ArticleDraft | None) -> Opened:
    """What `If-Match` names; 428 without one. A tag that is not this
    story's names a version long gone (revision -1): the models refuse it."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if not ETAG.match(header):
        raise exceptions.ValidationError(
            {"If-Match": 'An ETag in double quotes, as the API sent it: "…".'}
        )
    tag = header.strip('"')
    pk, _, rest = tag.partition("-")
    revision, _, part = rest.partition("-")
    if pk != str(article.pk) or not revision.isdigit():
        return Opened(-1, "")
    same_draft = part == draft_part(draft)
    return Opened(int(revision), draft.token if draft and same_draft else part)


def check_opened(article, draft: ArticleDraft | None, opened: Opened) -> None:
    """The admin's rule (Article.conflict, ArticleDraft.store's check) for a
    write that is not a save of the story's fields: the stored row is locked
    until the write commits."""
    state = article.saved_state(lock=True)
    if conflict := article.conflict(opened.revision, state):
        raise conflict
    if (draft.token if draft else "0") != (opened.draft or "0"):
        raise EditConflict(article, draft.saved_by, draft.saved_at)


def fingerprint(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def replay(stored: IdempotentResponse) -> Response:
    return Response(
        orjson.loads(stored.body),
        status=stored.status,
        headers={**stored.headers, REPLAYED: "true"},
    )


class Raced(Exception):
    """Another request with the same key stored its response first."""


def keep(response, token, key: str, request_print: str) -> None:
    # The token's answers past the window go as it stores a new one: the
    # table holds a day of each token's keyed writes, no more.
    expired = timezone.now() - IDEMPOTENCY_WINDOW
    IdempotentResponse.objects.filter(token=token, created_at__lt=expired).delete()
    try:
        with transaction.atomic():  # a savepoint: the race is told apart
            IdempotentResponse.objects.create(
                token=token,
                key=key,
                fingerprint=request_print,
                status=response.status_code,
                body=orjson.dumps(response.data).decode(),
                headers={h: response[h] for h in KEPT_HEADERS if h in response},
            )
    except IntegrityError:
        raise Raced from None


def idempotent(handler):
    """For a POST handler of a token-authenticated view: honours
    `Idempotency-Key`. Without one, the handler runs in a transaction."""

    @wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if key is None:
            with transaction.atomic():
                return handler(view, request, *args, **kwargs)
        if not IDEMPOTENCY_KEY.match(key):
            raise exceptions.ValidationError(
                {"Idempotency-Key": "1 to 255 printable ASCII characters, no spaces."}
            )
        token, request_print = request.auth, fingerprint(request)
        found = IdempotentResponse.objects.filter(token=token, key=key).first()
        if found and found.created_at < timezone.now() - IDEMPOTENCY_WINDOW:
            found.delete()
            found = None
        if found is not None:
            if found.fingerprint != request_print:
                raise KeyReused()
            return replay(found)
        try:
            with transaction.atomic():
                response = handler(view, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    keep(response, token, key, request_print)
        except (Raced, IntegrityError) as error:
            # Another copy of this request committed first (its story's slug
            # may have collided before its answer did): its answer.
            found = IdempotentResponse.objects.filter(token=token, key=key).first()
            if found is None and isinstance(error, IntegrityError):
                raise
            if found is None or found.fingerprint != request_print:
                raise KeyReused() from None
            return replay(found)
        return response

    return wrapper
