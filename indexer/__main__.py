"""``python -m indexer``: see :mod:`indexer.cli.main`."""

from indexer.cli.main import main

if __name__ == "__main__":  # worker processes of a re-index import this module too (spawn)
    raise SystemExit(main())
