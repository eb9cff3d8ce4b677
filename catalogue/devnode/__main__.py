"""``python -m catalogue.devnode start|stop|status|probe [--nodes N]``: the local node from a terminal.

A module of its own so that :mod:`catalogue.devnode` stays below :mod:`catalogue.es` (which starts the node
on demand), while ``probe`` can use the clients' connection options from there.
"""

from __future__ import annotations

import argparse
import json

from catalogue.devnode import DevNodeError, start, status, stop
from catalogue.es import cluster_url, http_client_options, node_urls
from catalogue.probe import probe
from catalogue.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m catalogue.devnode", description="The project's local Elasticsearch node or cluster."
    )
    parser.add_argument("action", choices=["start", "stop", "status", "probe"])
    parser.add_argument(
        "--nodes",
        type=int,
        choices=range(1, 10),
        metavar="N",
        help="nodes of the local cluster (default: HELMET_DEVNODE_NODES, else 1); give stop and status the "
        "same number as start",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.nodes is not None:
        settings = settings.model_copy(update={"devnode_nodes": args.nodes})
    try:
        if args.action == "start":
            urls = start(settings)
            what = "is up at" if settings.devnode_nodes == 1 else f"({settings.devnode_nodes} nodes) is up at"
            print(f"Elasticsearch {settings.devnode_version} {what} {urls}")
        elif args.action == "stop":
            print("stopped" if stop(settings) else "no node started by this project was running")
        elif args.action == "status":
            print(status(settings))
        else:
            first_node = node_urls(cluster_url(settings, start_local=True))[0]
            print(json.dumps(probe(first_node, http_client_options(settings)), indent=2))
    except DevNodeError as error:
        print(f"error: {error}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
