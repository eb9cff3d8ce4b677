"""The command line, ``python -m indexer COMMAND``: parses arguments, calls a job, prints JSON lines."""
