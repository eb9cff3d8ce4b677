"""Who may start indexer jobs: bearer tokens from configuration, compared in constant time.

A missing token is 401 (authenticate, please), a wrong one 403 (you are not allowed). Every token is
compared, whatever matched earlier, so the time taken does not tell which token or how much of it was right.
"""

from __future__ import annotations

import hmac
import logging

from fastapi import HTTPException, Request

from catalogue.settings import Settings

log = logging.getLogger("search_api.admin")


def admin_name(request: Request, settings: Settings) -> str:
    """The configured name of the token the request carries; raises 401/403 otherwise."""
    header = request.headers.get("authorization", "")
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise HTTPException(
            status_code=401,
            detail="This is an admin endpoint: send 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not settings.admin_tokens:
        raise HTTPException(
            status_code=403, detail="The admin API is disabled: no admin tokens are configured."
        )
    candidate = presented.strip().encode()
    matched = None
    for name, secret in settings.admin_tokens.items():
        if hmac.compare_digest(candidate, secret.get_secret_value().encode()):
            matched = name
    if matched is None:
        log.warning("admin request refused: wrong token (%s %s)", request.method, request.url.path)
        raise HTTPException(status_code=403, detail="The admin token is not valid.")
    return matched
