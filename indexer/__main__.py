"""``python -m indexer``: see :mod:`indexer.cli`."""

from indexer.cli import main

raise SystemExit(main())
