"""``python -m indexer``: see :mod:`indexer.cli`."""

from indexer.cli import main

if __name__ == "__main__":  # worker processes of a re-index import this module too (spawn)
    raise SystemExit(main())
