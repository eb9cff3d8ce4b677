"""``python -m indexer``: see :mod:`indexer.cli.main`."""

from indexer.cli.main import main

if __name__ == "__main__":  # importing indexer.__main__ must not run the command line
    raise SystemExit(main())
