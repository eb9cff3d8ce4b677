"""The shape of a local cluster of several nodes: who is who, where each listens, how they find each other.

:mod:`catalogue.devnode` runs the node processes; this module only decides what each node of a cluster of
``HELMET_DEVNODE_NODES`` nodes is told, and reads what the running cluster says about itself. It imports
nothing of the package, so that the package can use it without an import cycle.

Why the layout is what it is:
- Node ``i`` listens for HTTP on ``HELMET_DEVNODE_PORT + i`` and for the other nodes on that + 100, so one
  setting places the whole cluster and two clusters on different base ports never collide.
- Every node is master-eligible and holds data (Elasticsearch's default roles): any one of three may fail
  and the other two still elect a master and hold a copy of every shard (replicas ``0-1``).
- ``cluster.initial_master_nodes`` is given only until the cluster has formed once (``start`` then leaves
  a ``formed`` file in the cluster's folder). It bootstraps a brand-new cluster; a node that already
  belongs to one is restarted without it, so that it rejoins its own cluster (a second bootstrap could
  split it in two), and Elasticsearch does not warn about a leftover bootstrap setting.
- A cluster's data lives apart from the single node's (``cluster-<version>-<port>x<n>/node-<i>``): a node
  that once belonged to a three-node cluster cannot be restarted as a single node, nor the other way round.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

CLUSTER_NAME = "helmet-dev"
TRANSPORT_OFFSET = 100


@dataclass(frozen=True)
class NodeSpec:
    """One node of a local cluster: its place in it (``index``, from 0), name and ports."""

    index: int
    size: int
    base_port: int

    @property
    def name(self) -> str:
        return CLUSTER_NAME if self.size == 1 else f"{CLUSTER_NAME}-{self.index}"

    @property
    def http_port(self) -> int:
        return self.base_port + self.index

    @property
    def transport_port(self) -> int:
        return self.base_port + TRANSPORT_OFFSET + self.index

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def folder(self, version: str) -> str:
        """The node's data, logs and pid file, below the cache folder (the module's docstring says why a
        cluster's nodes live apart from the single node)."""
        if self.size == 1:
            return f"node-{version}-{self.http_port}"
        return f"cluster-{version}-{self.base_port}x{self.size}/node-{self.index}"


def layout(base_port: int, size: int) -> list[NodeSpec]:
    """The nodes of a local cluster of ``size`` nodes whose first node listens on ``base_port``."""
    if not 1 <= size <= TRANSPORT_OFFSET:
        raise ValueError(f"a local cluster has 1 to {TRANSPORT_OFFSET} nodes, not {size}")
    return [NodeSpec(index, size, base_port) for index in range(size)]


def discovery_settings(node: NodeSpec, bootstrap: bool) -> dict[str, str]:
    """The node settings that make ``node`` one of its cluster: a single node elects itself; a node of a
    cluster knows every other node's transport port, and the first start names the first masters."""
    if node.size == 1:
        return {"node.name": node.name, "discovery.type": "single-node"}
    nodes = layout(node.base_port, node.size)
    options = {
        "node.name": node.name,
        "discovery.seed_hosts": ",".join(f"127.0.0.1:{other.transport_port}" for other in nodes),
    }
    if bootstrap:
        options["cluster.initial_master_nodes"] = ",".join(other.name for other in nodes)
    return options


def node_options(node: NodeSpec, data: str, logs: str, bootstrap: bool) -> dict[str, str]:
    """Every ``-E`` setting of one node, before any extra settings a caller adds."""
    return {
        "cluster.name": CLUSTER_NAME,
        **discovery_settings(node, bootstrap),
        "network.host": "127.0.0.1",
        "http.port": str(node.http_port),
        "transport.port": str(node.transport_port),
        "path.data": data,
        "path.logs": logs,
        # Loopback only, for development and tests; production clusters keep security on.
        "xpack.security.enabled": "false",
        # A nearly full disk must not turn the test indices read-only half-way through a run.
        "cluster.routing.allocation.disk.threshold_enabled": "false",
    }


def joined_url(nodes: list[NodeSpec]) -> str:
    """The nodes' URLs as ``ELASTICSEARCH_URL`` takes them: comma-separated (``catalogue.es.node_urls``)."""
    return ",".join(node.url for node in nodes)


def formed(health: Mapping[str, object] | None, size: int, statuses: tuple[str, ...]) -> bool:
    """Whether a cluster health document shows all ``size`` nodes and one of ``statuses``."""
    return (
        health is not None
        and health.get("number_of_nodes") == size
        and (not statuses or health.get("status") in statuses)
    )


def master_name(url: str, timeout: float = 2.0) -> str | None:
    """The name of the elected master as the node at ``url`` knows it (None: no master, or no answer)."""
    try:
        response = httpx.get(f"{url}/_cat/master", params={"format": "json", "h": "node"}, timeout=timeout)
    except httpx.HTTPError:
        return None
    if response.status_code != 200 or not response.json():
        return None
    return str(response.json()[0]["node"])


def index_of(name: str, nodes: list[NodeSpec]) -> int | None:
    """The index of the node called ``name`` in ``nodes`` (None: not one of ours)."""
    return next((node.index for node in nodes if node.name == name), None)
