"""``python -m search_api``: serve the API with uvicorn on the configured host and port."""

from __future__ import annotations

import uvicorn

from catalogue.settings import get_settings
from search_api.app import create_app


def main() -> None:
    settings = get_settings()
    uvicorn.run(create_app(settings), host=settings.api_host, port=settings.api_port, log_level="info")


if __name__ == "__main__":
    main()
