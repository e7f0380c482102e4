"""API tokens for the write API's tests: made through the model, sent as
the Authorization header, and the story's ETag read back."""

from __future__ import annotations

from articles.models import ApiToken
from articles.models.api_tokens import SCOPES

MANAGE = "/api/v1/manage/articles/"
ALL_SCOPES = ",".join(SCOPES)


def issue(user, scopes: str = ALL_SCOPES, name: str = "Wire robot") -> str:
    """A new token of `user`'s, the secret as its holder has it."""
    return ApiToken.issue(user=user, name=name, scopes=scopes)[1]


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def etag(client, raw: str, pk: int) -> str:
    response = client.get(f"{MANAGE}{pk}/", **bearer(raw))
    assert response.status_code == 200, response.content
    return response["ETag"]
