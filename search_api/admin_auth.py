"""Who may start indexer jobs: bearer tokens from configuration, compared in constant time.

A missing token is 401 (authenticate, please), a wrong one 403 (you are not allowed). Every token is
compared, whatever matched earlier, and tokens are compared as SHA-256 digests of equal length, so the time
taken tells neither which token matched, nor how much of it, nor how long the configured tokens are.
Tokens exist only in the configuration (``HELMET_ADMIN_TOKENS``); there is no default one. Every refusal is
logged with the client and the request, never with the token presented.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from fastapi import HTTPException, Request

from catalogue.settings import Settings

log = logging.getLogger("search_api.admin")


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def _refuse(request: Request, status: int, reason: str, detail: str) -> HTTPException:
    client = request.client.host if request.client else "unknown client"
    log.warning("admin request refused (%s): %s %s from %s", reason, request.method, request.url.path, client)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return HTTPException(status_code=status, detail=detail, headers=headers)


def admin_name(request: Request, settings: Settings) -> str:
    """The configured name of the token the request carries; raises 401/403 otherwise."""
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise _refuse(
            request, 401, "no token", "This is an admin endpoint: send 'Authorization: Bearer <token>'."
        )
    if not settings.admin_tokens:
        raise _refuse(
            request, 403, "no tokens configured", "The admin API is disabled: no admin tokens are configured."
        )
    candidate = _digest(presented.strip())
    matched = None
    for name, secret in settings.admin_tokens.items():
        if hmac.compare_digest(candidate, _digest(secret.get_secret_value())):
            matched = name
    if matched is None:
        raise _refuse(request, 403, "wrong token", "The admin token is not valid.")
    return matched
