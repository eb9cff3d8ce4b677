# Image for the search API and the indexer (docker-compose.yml). Debian-based for ICU and Voikko (Finnish
# base forms and compound parts, as scripts/install gives the project elsewhere).
FROM python:3.11-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential pkg-config libicu-dev libvoikko1 voikko-fi hunspell-sv \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY catalogue ./catalogue
COPY indexer ./indexer
COPY search_api ./search_api
COPY mappings ./mappings
COPY sources.toml ./
COPY data ./data
RUN pip install --no-cache-dir .
ENV HELMET_API_HOST=0.0.0.0
EXPOSE 8000
CMD ["python", "-m", "search_api"]
