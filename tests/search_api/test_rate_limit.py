"""Per-client rate limits: the token buckets on a fake clock, and the middleware in front of the real API."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from catalogue.settings import Settings
from search_api.app import create_app
from search_api.rate_limit import Rate, RateLimiter, parse_rates


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _limiter(text: str, max_clients: int = 10_000) -> tuple[RateLimiter, FakeClock]:
    clock = FakeClock()
    return RateLimiter(parse_rates(text), max_clients=max_clients, clock=clock), clock


@pytest.mark.parametrize(
    ("text", "rates"),
    [
        ("30/second", [Rate(30, 1.0, "30 per second")]),
        (
            "30/second; 600 per minute",
            [Rate(30, 1.0, "30 per second"), Rate(600, 60.0, "600 per minute")],
        ),
        ("5 per hours", [Rate(5, 3600.0, "5 per hour")]),
        ("", []),
        ("  ", []),
        ("0", []),
    ],
)
def test_rates_are_read_from_the_setting(text: str, rates: list[Rate]) -> None:
    assert parse_rates(text) == rates


@pytest.mark.parametrize("text", ["30", "30/fortnight", "0/second", "thirty/second", "30/second;;"])
def test_a_rate_that_is_not_understood_is_named(text: str) -> None:
    with pytest.raises(ValueError, match=r"^HELMET_RATE_LIMIT: '.*' is not a rate like '30/second'"):
        parse_rates(text)


def test_a_burst_passes_then_the_client_waits_for_the_refill() -> None:
    limiter, clock = _limiter("4/second")
    assert [limiter.acquire("a") for _ in range(4)] == [0, 0, 0, 0]
    assert limiter.acquire("a") == pytest.approx(0.25)
    clock.now += 0.1
    assert limiter.acquire("a") == pytest.approx(0.15)
    clock.now += 0.15
    assert limiter.acquire("a") == 0
    assert limiter.acquire("a") == pytest.approx(0.25)


def test_the_slower_rate_holds_a_steady_stream() -> None:
    limiter, clock = _limiter("10/second;20/minute")
    allowed = 0
    for _ in range(600):  # one request every 0.1 s for a minute
        allowed += limiter.acquire("a") == 0
        clock.now += 0.1
    assert 38 <= allowed <= 40  # the bucket of 20, then one every 3 s once it is empty (after ~2 s)


def test_clients_do_not_share_a_bucket() -> None:
    limiter, _ = _limiter("2/second")
    assert [limiter.acquire("a") for _ in range(3)][-1] > 0
    assert limiter.acquire("b") == 0


def test_idle_clients_are_forgotten_once_their_bucket_is_full_again() -> None:
    limiter, clock = _limiter("5/second;100/minute")
    for number in range(1000):
        limiter.acquire(f"10.0.{number // 256}.{number % 256}")
    assert len(limiter) == 1000
    clock.now += 59
    limiter.acquire("a")
    assert len(limiter) == 1001  # the minute bucket is not full yet: forgetting would forgive requests
    clock.now += 1
    limiter.acquire("b")
    assert len(limiter) == 2


def test_memory_is_capped_when_many_clients_are_active_at_once() -> None:
    limiter, _ = _limiter("1/second", max_clients=100)
    for number in range(1000):
        limiter.acquire(f"client-{number}")
    assert len(limiter) == 100
    assert limiter.acquire("client-999") > 0  # the most recent ones are kept


# --- The middleware in front of the API, on the fixture catalogue --------------------------------------


def _api(settings: Settings, rate: str, proxies: list[str] | None = None) -> Settings:
    return settings.model_copy(update={"rate_limit": rate, "trusted_proxies": proxies or []})


@pytest.fixture
def limited(catalogue: Settings) -> Iterator[TestClient]:
    """3 requests per minute per client (no refill to speak of during a test); the test client counts as a
    proxy that forwards for others."""
    with TestClient(create_app(_api(catalogue, "3/minute", ["testclient"]))) as client:
        yield client


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def test_a_burst_beyond_the_limit_gets_429_with_retry_after(limited: TestClient) -> None:
    answers = [limited.get("/v1/suggest", params={"q": "k"}, headers=_from("203.0.113.5")) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[-1].headers["retry-after"] == "20"
    assert answers[-1].json() == {
        "detail": "Too many requests: each client may make 3 per minute. Please try again in 20 s."
    }


def test_other_clients_are_not_affected(limited: TestClient) -> None:
    for _ in range(4):
        limited.get("/v1/search", headers=_from("203.0.113.5"))
    assert limited.get("/v1/search", headers=_from("203.0.113.5")).status_code == 429
    assert limited.get("/v1/search", headers=_from("203.0.113.6")).status_code == 200


def test_after_waiting_the_client_is_served_again(catalogue: Settings) -> None:
    with TestClient(create_app(_api(catalogue, "2/second"))) as client:
        codes = [client.get("/v1/suggest", params={"q": "k"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        refused = client.get("/v1/suggest", params={"q": "k"})
        assert refused.headers["retry-after"] == "1"
        time.sleep(1)
        assert client.get("/v1/suggest", params={"q": "k"}).status_code == 200


def test_health_is_never_limited(limited: TestClient) -> None:
    assert {limited.get("/health", headers=_from("203.0.113.8")).status_code for _ in range(10)} == {200}


def test_forwarded_for_counts_only_from_a_trusted_proxy(catalogue: Settings) -> None:
    """Without trusted proxies, a client that makes up a new X-Forwarded-For each time is still one client;
    a proxy's own address in the header (appended after a forged one) is not taken as the client either."""
    with TestClient(create_app(_api(catalogue, "3/minute")), client=("198.51.100.1", 40000)) as client:
        codes = [client.get("/v1/search", headers=_from(f"192.0.2.{n}")).status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]
    behind = _api(catalogue, "3/minute", ["10.0.0.0/8"])
    with TestClient(create_app(behind), client=("10.1.2.3", 40000)) as proxy:
        forged = [proxy.get("/v1/search", headers=_from(f"192.0.2.{n}, 198.51.100.9")) for n in range(4)]
        assert [answer.status_code for answer in forged] == [200, 200, 200, 429]  # all are 198.51.100.9
        assert proxy.get("/v1/search", headers=_from("198.51.100.10")).status_code == 200


def test_no_limit_when_the_setting_is_empty(catalogue: Settings) -> None:
    assert catalogue.rate_limit == ""  # tests/conftest.py switches it off for every other test
    with TestClient(create_app(catalogue)) as client:
        assert {client.get("/v1/suggest", params={"q": "k"}).status_code for _ in range(40)} == {200}


def test_the_default_limit_is_on_and_generous() -> None:
    default = Settings.model_fields["rate_limit"].default
    assert parse_rates(default) == [Rate(30, 1.0, "30 per second"), Rate(600, 60.0, "600 per minute")]


def test_a_wrong_setting_stops_the_api_from_starting(catalogue: Settings) -> None:
    with pytest.raises(ValueError, match="HELMET_RATE_LIMIT: '20 a second'"):
        create_app(_api(catalogue, "20 a second"))
