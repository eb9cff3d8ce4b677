"""``python -m search_api``: serve the API with uvicorn on the configured host and port."""

from __future__ import annotations

import uvicorn

from catalogue.settings import get_settings
from search_api.app import create_app


def main() -> None:
    settings = get_settings()
    # proxy_headers off: the app trusts X-Forwarded-For from HELMET_TRUSTED_PROXIES only (not uvicorn's
    # default, 127.0.0.1), in app.create_app.
    uvicorn.run(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_level="info",
        proxy_headers=False,
    )


if __name__ == "__main__":
    main()
