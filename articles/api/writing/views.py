"""The write API's views, thin: authenticate the token, check its scope,
validate the input, hand the write to articles/api/writing/stories.py inside
one transaction and one django-reversion revision (the token's user, its
name in the comment), answer with the story and its ETag. Never cached."""

from __future__ import annotations

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from articles.api.filters import StrictQueryParametersMixin
from articles.api.pagination import UpdatedCursorPagination
from articles.api.writing import stories
from articles.api.writing.auth import (
    BearerTokenAuthentication,
    TokenScope,
    TokenThrottle,
)
from articles.api.writing.documents import story_document, summary
from articles.api.writing.preconditions import (
    PreconditionFailed,
    idempotent,
    opened_version,
    story_etag,
)
from articles.api.writing.schema import (
    ACTION_DOCS,
    CREATE_DOCS,
    LIST_DOCS,
    PATCH_DOCS,
    PHOTO_DOCS,
    RETRIEVE_DOCS,
    SCHEDULE_DOCS,
)
from articles.api.writing.serializers import PhotoInput, ScheduleInput, StoryInput
from articles.models import Article, ArticleDraft, EditConflict, Image
from articles.models.api_tokens import IMAGES_WRITE, PUBLISH, READ_DRAFTS, WRITE
from articles.photos.uploads import (
    FILLED_NOTICE,
    check_new_file,
    fill_from_file_metadata,
)


def with_text_keys(errors):
    """DRF numbers a list's errors by position ({0: [...]}); JSON keys are
    text (the renderer, orjson, refuses anything else)."""
    if isinstance(errors, dict):
        return {str(key): with_text_keys(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [with_text_keys(value) for value in errors]
    return errors


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_now"


class TokenView:
    """Mixed into the write API's views: tokens only, scopes by action."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [TokenScope]
    throttle_classes = [TokenThrottle]
    scopes: dict[str, str] = {}

    def required_scope(self) -> str | None:
        return self.scopes.get(self.action)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # The holder's own answer: never kept by a cache on the way.
        response["Cache-Control"] = "no-store, private"
        return response

    def handle_exception(self, exc):
        if isinstance(exc, PermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        elif isinstance(exc, EditConflict):  # the models' own rule, as in the admin
            exc = PreconditionFailed(str(exc))
        elif isinstance(exc, stories.NotNow):
            exc = Conflict(str(exc))
        elif isinstance(exc, ValidationError):
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            exc = exceptions.ValidationError(detail)
        response = super().handle_exception(exc)
        response.data = with_text_keys(response.data)
        return response

    def record(self, comment: str) -> None:
        """The revision's user and comment: who, through which token."""
        reversion.set_user(self.request.user)
        reversion.set_comment(f"{comment} (API token “{self.request.auth.name}”)")


class ManageStoryViewSet(
    StrictQueryParametersMixin, TokenView, viewsets.GenericViewSet
):
    """Stories as editors have them, drafts included. Query parameters follow
    the public lists' rule: unknown, empty or repeated ones are a 400."""

    tolerated_list_parameters = frozenset({"status"})
    # JSON only: form encodings cannot say a list of credits, and DRF would
    # read a form's credits as none given rather than refuse them.
    parser_classes = [JSONParser]

    queryset = Article.objects.none()
    serializer_class = StoryInput  # what OPTIONS describes
    pagination_class = UpdatedCursorPagination
    # Ids only, within a bigint: anything else is the API's JSON 404.
    lookup_value_regex = "[0-9]{1,18}"
    scopes = {
        "list": READ_DRAFTS,
        "retrieve": READ_DRAFTS,
        "create": WRITE,
        "partial_update": WRITE,
        "submit": WRITE,
        "publish": PUBLISH,
        "schedule": PUBLISH,
        "unpublish": PUBLISH,
    }

    def get_story(self, lock: bool = False) -> tuple[Article, ArticleDraft | None]:
        rows = Article.objects.select_for_update() if lock else Article.objects
        article = get_object_or_404(rows, pk=self.kwargs["pk"])
        return article, ArticleDraft.objects.filter(article=article).first()

    def check_may_read(self) -> None:
        if not self.request.user.has_perm("articles.view_article"):
            raise exceptions.PermissionDenied("Your role may not read stories.")

    def answer(self, article: Article, code: int = status.HTTP_200_OK) -> Response:
        article.refresh_from_db()
        draft = ArticleDraft.objects.filter(article=article).first()
        headers = {"ETag": story_etag(article, draft)}
        if code == status.HTTP_201_CREATED:
            headers["Location"] = f"{self.request.path}{article.pk}/"
        return Response(story_document(article, draft), status=code, headers=headers)

    @extend_schema(**LIST_DOCS)
    def list(self, request):
        self.check_may_read()
        drafts = ArticleDraft.objects.filter(article=OuterRef("pk"))
        rows = Article.objects.annotate(has_working_draft=Exists(drafts)).order_by(
            "-updated_at", "-pk"
        )
        wanted = request.query_params.get("status")
        if wanted is not None:
            if wanted not in Article.Status.values:
                raise exceptions.ValidationError(
                    {"status": f"One of: {', '.join(Article.Status.values)}."}
                )
            rows = rows.filter(status=wanted)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([summary(a) for a in page])

    @extend_schema(**RETRIEVE_DOCS)
    def retrieve(self, request, pk=None):
        self.check_may_read()
        article, draft = self.get_story()
        return Response(
            story_document(article, draft), headers={"ETag": story_etag(article, draft)}
        )

    @extend_schema(**CREATE_DOCS)
    @idempotent
    def create(self, request):
        values = self.valid(
            StoryInput(data=request.data, context={"user": request.user})
        )
        with reversion.create_revision():
            article = stories.create_story(values, user=request.user)
            self.record("Created")
        return self.answer(article, status.HTTP_201_CREATED)

    @extend_schema(**PATCH_DOCS)
    def partial_update(self, request, pk=None):
        with transaction.atomic():
            article, draft = self.get_story(lock=True)
            opened = opened_version(request, article, draft)
            serializer = StoryInput(
                data=request.data, partial=True, context={"article": article}
            )
            values = self.valid(serializer)
            with reversion.create_revision():
                stories.edit_story(
                    article, draft, values, user=request.user, opened=opened
                )
                if stories.is_live(article):
                    reversion.add_to_revision(article)
                    self.record("Saved a working draft (the live version is unchanged)")
                else:
                    self.record("Changed")
        return self.answer(article)

    def story_action(self, request, act, comment: str, **kwargs) -> Response:
        article, draft = self.get_story(lock=True)
        opened = opened_version(request, article, draft)
        with reversion.create_revision():
            act(article, user=request.user, opened=opened, **kwargs)
            reversion.add_to_revision(article)
            self.record(comment)
        return self.answer(article)

    @extend_schema(**ACTION_DOCS["submit"])
    @action(detail=True, methods=["post"])
    @idempotent
    def submit(self, request, pk=None):
        return self.story_action(request, stories.submit_story, "Submitted for review")

    @extend_schema(**ACTION_DOCS["publish"])
    @action(detail=True, methods=["post"])
    @idempotent
    def publish(self, request, pk=None):
        return self.story_action(request, stories.publish_story, "Published")

    @extend_schema(**SCHEDULE_DOCS)
    @action(detail=True, methods=["post"])
    @idempotent
    def schedule(self, request, pk=None):
        at = self.valid(ScheduleInput(data=request.data))["at"]
        return self.story_action(request, stories.schedule_story, "Scheduled", at=at)

    @extend_schema(**ACTION_DOCS["unpublish"])
    @action(detail=True, methods=["post"])
    @idempotent
    def unpublish(self, request, pk=None):
        return self.story_action(request, stories.unpublish_story, "Unpublished")

    def valid(self, serializer) -> dict:
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class ManagePhotoViewSet(TokenView, viewsets.GenericViewSet):
    """Photo uploads, checked and described exactly as the admin's upload."""

    queryset = Image.objects.none()
    serializer_class = PhotoInput
    scopes = {"create": IMAGES_WRITE}

    @extend_schema(**PHOTO_DOCS)
    @idempotent
    def create(self, request):
        if not request.user.has_perm("articles.add_image"):
            raise exceptions.PermissionDenied("Your role may not add photos.")
        serializer = PhotoInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        try:
            file = check_new_file(values.pop("file"))
        except ValidationError as error:
            if error.code != "duplicate":
                raise
            # The copy already in the library, rather than a dead end.
            return Response(
                {"detail": error.messages[0], "existing": error.params["pk"]},
                status=status.HTTP_409_CONFLICT,
            )
        with reversion.create_revision():
            image = Image(**values)
            image.file = file
            image.save()
            warnings = fill_from_file_metadata(image)
            self.record("Uploaded")
        image.refresh_from_db()
        return Response(
            {
                "id": image.pk,
                "caption": image.caption,
                "alt_text": image.alt_text,
                "headline": image.headline,
                "credit_line": image.credit_line,
                "width": image.width,
                "height": image.height,
                "content_type": image.content_type,
                "sha256": image.sha256,
                "messages": [FILLED_NOTICE, *warnings],
            },
            status=status.HTTP_201_CREATED,
        )
