"""``python -m search_api``: serve the API with uvicorn on the configured host and port, in
``HELMET_API_WORKERS`` processes."""

from __future__ import annotations

import uvicorn

from catalogue.settings import get_settings


def main() -> None:
    settings = get_settings()
    # proxy_headers off: the app trusts X-Forwarded-For from HELMET_TRUSTED_PROXIES only (not uvicorn's
    # default, 127.0.0.1), in app.create_app. With several workers uvicorn imports the app in each of its
    # processes, so it is named here rather than built once.
    uvicorn.run(
        "search_api.app:create_app",
        factory=True,
        host=settings.api_host,
        port=settings.api_port,
        workers=settings.api_workers,
        log_level="info",
        proxy_headers=False,
    )


if __name__ == "__main__":
    main()
