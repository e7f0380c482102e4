"""Who is asking and what they may do: `Authorization: Bearer <token>`
(401 for a token missing, unknown, expired or revoked), a scope per action
(403 when the token lacks it), and a request allowance per token. Never a
session, so never CSRF: a browser's cookies give no access here."""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from articles.api.throttle_rates import parse_rate
from articles.api.throttling import count_request
from articles.models import ApiToken
from articles.models.api_tokens import TokenRefused

SCHEME = "Bearer"


class TokenAuthenticationFailed(exceptions.AuthenticationFailed):
    def __init__(self, refused: TokenRefused):
        super().__init__(str(refused), code=f"token_{refused.reason}")


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header:
            return None  # NotAuthenticated: 401 with WWW-Authenticate
        if header[0].lower() != SCHEME.lower().encode() or len(header) != 2:
            raise exceptions.AuthenticationFailed(
                f"Send the API token as `Authorization: {SCHEME} <token>`.",
                code="token_invalid",
            )
        try:
            token = ApiToken.objects.usable(header[1].decode("latin-1"))
        except TokenRefused as refused:
            raise TokenAuthenticationFailed(refused) from None
        token.note_use()
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{SCHEME} realm="api"'


class TokenScope(BasePermission):
    """The scope each of the view's actions needs (`view.scopes`, by DRF
    action name), then the user's role (checked by the view's code)."""

    message = "This API token lacks the scope this request needs."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            raise exceptions.NotAuthenticated(
                f"Send an API token: `Authorization: {SCHEME} <token>`."
            )
        needed = view.required_scope()
        if needed and not token.allows(needed):
            self.message = f"This API token lacks the `{needed}` scope."
            return False
        return True


class TokenThrottle(BaseThrottle):
    """CMS_API_THROTTLE_RATE requests per token as well as per address,
    counted in the shared cache the same way (articles/api/throttling.py):
    a token used from an exempt address (the newsroom's own servers) is
    still held to it."""

    def allow_request(self, request, view) -> bool:
        rate = parse_rate(settings.CMS_API_THROTTLE_RATE)
        token = request.auth
        if rate is None or not isinstance(token, ApiToken):
            return True
        limit, period = rate
        self.key = f"throttle:token:{token.pk}"
        return count_request(self.key, period) <= limit

    def wait(self) -> float:
        ends = cache.get(f"{self.key}:ends") or time.time()
        return max(1, math.ceil(ends - time.time()))
