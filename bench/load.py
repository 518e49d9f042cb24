"""The load driver: a separate process that drives the served app over loopback.

Bounded by design: a fixed number of threads per phase, a fixed duration per phase, loopback
only. Each thread owns its own family cards and toy labels, so lends never collide.

    python -m bench.load --base http://127.0.0.1:8765 --fixture F.json --token T --out R.json
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

Record = tuple[str, float, int]  # endpoint, seconds, status


class OutOfItems(Exception):
    """A worker lent every copy it owns, or took every one back: its phase ends early."""


EXPECTED = {
    "card scan": {200},
    "lend": {201},
    "return": {200},
    "home": {200},
    "catalogue search": {200},
    "meetups": {200},
    "meetups.ics": {200},
    "meetups.ics 304": {304},
    "reach dashboard": {200},
    "directory search": {200},
    "hsds services": {200},
    "floor": {201},
}
# The mix's calls and the endpoints each one measures (BENCH_ONLY names endpoints).
CALLS = {
    "card_scan": ("card scan",),
    "lend_return": ("lend", "return"),
    "home": ("home",),
    "search": ("catalogue search",),
    "meetups": ("meetups",),
    "ics": ("meetups.ics", "meetups.ics 304"),
    "reach": ("reach dashboard",),
    "directory_search": ("directory search",),
    "hsds_services": ("hsds services",),
}


class Http:
    """One keep-alive-if-possible HTTP/1.1 connection to the loopback server."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("the bench only drives a server on this machine")
        self.host, self.port = parts.hostname, parts.port or 80
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        """Send one request; a connection the server closed is reopened."""
        headers = {"Accept-Encoding": "gzip", **(headers or {})}
        payload = None
        if body is not None:
            payload = body if isinstance(body, bytes | str) else json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            if response.will_close:
                self.connection.close()
                self.connection = None
            return response.status, response, data
        raise AssertionError("unreachable")


def login_coordinator(base: str, fixture: dict[str, Any]) -> str:
    """Log the bench coordinator in (password, then the authenticator code); the cookie."""
    import pyotp

    http_ = Http(base)
    cookie = ""

    def step(method: str, path: str, form: dict[str, str] | None = None) -> bytes:
        nonlocal cookie
        headers = {"Cookie": cookie} if cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response, data = http_.request(method, path, body, headers)
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = header.split(";", 1)[0]
        if status >= 400:
            raise SystemExit(f"coordinator login failed at {path}: {status}")
        if response.headers.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return data

    def token(page: bytes) -> str:
        found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        if not found:
            raise SystemExit("no CSRF token on the login page")
        return found.group(1).decode()

    page = step("GET", "/login", None)
    step(
        "POST",
        "/login",
        {
            "email": fixture["coordinator"],
            "password": fixture["password"],
            "csrf_token": token(page),
        },
    )
    page = step("GET", "/login/code")
    code = pyotp.TOTP(fixture["totp_secret"]).now()
    step("POST", "/login/code", {"code": code, "csrf_token": token(page)})
    return cookie


@dataclass
class Worker:
    """One simulated user: its own connection, cards and toy labels."""

    base: str
    token: str
    cookie: str
    cards: list[str]
    items: list[str]
    words: list[str]
    rng: random.Random
    network_words: list[str] = field(default_factory=list)
    hsds_pages: int = 1
    records: list[Record] = field(default_factory=list)
    etag: str | None = None

    def __post_init__(self) -> None:
        self.http = Http(self.base)
        self.n = 0
        self.lent = 0
        self.out: list[str] = []

    def _timed(self, name: str, method: str, path: str, body: Any = None, headers=None):
        began = time.perf_counter()
        status, response, data = self.http.request(method, path, body, headers)
        self.records.append((name, time.perf_counter() - began, status))
        return status, response, data

    def _api(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def _card(self) -> str:
        return self.cards[self.n % len(self.cards)]

    def card_scan(self) -> None:
        self._timed("card scan", "GET", f"/api/v1/cards/{self._card()}", headers=self._api())

    def lend_return(self) -> None:
        self.n += 1
        label = self.items[self.n % len(self.items)]
        body = {"card": self._card(), "item": label}
        status, _r, _d = self._timed("lend", "POST", "/api/v1/loans", body, self._api())
        if status not in (201, 409):
            return
        self._timed("return", "POST", "/api/v1/returns", {"item": label}, self._api())

    def home(self) -> None:
        self._timed("home", "GET", "/")

    def search(self) -> None:
        query = urlencode({"q": self.rng.choice(self.words), "age": self.rng.randrange(0, 7)})
        self._timed("catalogue search", "GET", f"/toys?{query}")

    def meetups(self) -> None:
        self._timed("meetups", "GET", "/meetups")

    def ics(self) -> None:
        _s, response, _d = self._timed("meetups.ics", "GET", "/meetups.ics")
        etag = response.headers.get("ETag")
        if etag:
            self._timed("meetups.ics 304", "GET", "/meetups.ics", headers={"If-None-Match": etag})

    def reach(self) -> None:
        self._timed("reach dashboard", "GET", "/reach", headers={"Cookie": self.cookie})

    def directory_search(self) -> None:
        query = urlencode({"q": self.rng.choice(self.network_words)})
        self._timed("directory search", "GET", f"/help/search?{query}")

    def hsds_services(self) -> None:
        page = self.rng.randrange(1, self.hsds_pages + 1)
        self._timed("hsds services", "GET", f"/api/v1/hsds/services?page={page}")

    def floor(self) -> None:
        self.n += 1
        self._timed("floor", "POST", "/api/bench/floor", {"card": self._card()})

    def lend_only(self) -> None:
        """Lend the next free copy (three per family card); stops when none are left."""
        if self.lent >= len(self.items) or self.lent // 3 >= len(self.cards):
            raise OutOfItems
        label, card = self.items[self.lent], self.cards[self.lent // 3]
        status, _r, _d = self._timed(
            "lend", "POST", "/api/v1/loans", {"card": card, "item": label}, self._api()
        )
        self.lent += 1
        if status in (201, 409):
            self.out.append(label)

    def return_only(self) -> None:
        """Take back what lend_only lent; stops when everything is back."""
        if not self.out:
            raise OutOfItems
        label = self.out.pop()
        self._timed("return", "POST", "/api/v1/returns", {"item": label}, self._api())


def mix(
    with_reach: bool, network: frozenset[str] = frozenset(), only: frozenset[str] = frozenset()
) -> list[tuple[str, int]]:
    """The realistic mix: desk work, public pages, now and then the coordinator; the network's
    directory search and HSDS list when this tree has them; only some endpoints if asked."""
    weights = [
        ("card_scan", 3),
        ("lend_return", 3),
        ("home", 3),
        ("search", 4),
        ("meetups", 2),
        ("ics", 2),
    ]
    if with_reach:
        weights.append(("reach", 1))
    if "directory search" in network:
        weights.append(("directory_search", 3))
    if "hsds services" in network:
        weights.append(("hsds_services", 2))
    if only:
        weights = [(call, n) for call, n in weights if set(CALLS[call]) & only]
        if not weights:
            raise SystemExit(f"BENCH_ONLY names no endpoint of the mix: {sorted(only)}")
    return weights


def run_phase(
    workers: list[Worker], choose: Callable[[Worker], str], seconds: float, together: bool = False
) -> tuple[list[Record], float]:
    """Run every worker until the deadline (or until it runs out of work); returns the records
    and the elapsed time. `together`: all stop when the first runs out, so the time measured
    is spent at the full number of clients (a throughput), not partly by the last few."""
    for w in workers:
        w.records = []
    deadline = time.perf_counter() + seconds
    errors: list[BaseException] = []
    out_of_work = threading.Event()

    def loop(worker: Worker) -> None:
        try:
            while time.perf_counter() < deadline and not out_of_work.is_set():
                getattr(worker, choose(worker))()
        except OutOfItems:
            if together:
                out_of_work.set()
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)

    began = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(w,), daemon=True) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.perf_counter() - began
    if errors:
        raise SystemExit(f"load driver failed: {errors[0]!r}")
    return [r for w in workers for r in w.records], elapsed


# The floor, the lend and the return alone are measured in turns, this many slices each: measured
# one after the other, a few seconds each, a slow moment of this machine fell on one of them only
# and moved their ratio by a tenth from run to run (0.77, 0.86, 0.92 on 2026-12-07).
TURNS = 3


def run_in_turns(
    workers: list[Worker], phases: list[tuple[str, Callable[[Worker], str]]], seconds: float
) -> dict[str, tuple[list[Record], float]]:
    """Run the phases in turns, TURNS slices each, at most `seconds` in all per phase (a slice
    ends for all when one worker runs out of work): per phase its records and the time it ran."""
    done: dict[str, tuple[list[Record], float]] = {name: ([], 0.0) for name, _ in phases}
    for _turn in range(TURNS):
        for name, choose in phases:
            # A return slice takes back only what the lends before it lent: it may run out.
            records, elapsed = run_phase(workers, choose, seconds / TURNS, together=True)
            kept, took = done[name]
            done[name] = (kept + records, took + elapsed)
    return done


def percentile(sorted_values: list[float], share: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(int(-(-share * len(sorted_values) // 1)), 1)
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarise(records: list[Record], elapsed: float) -> dict[str, dict[str, float]]:
    """Per endpoint: count, unexpected answers, p50/p95/p99 in ms, requests per second."""
    by_name: dict[str, list[Record]] = {}
    for record in records:
        by_name.setdefault(record[0], []).append(record)
    summary = {}
    for name, rows in sorted(by_name.items()):
        times = sorted(r[1] * 1000 for r in rows)
        allowed = EXPECTED.get(name, {200})
        if name == "lend":
            allowed = allowed | {409}  # a copy left out by an earlier, interrupted run
        summary[name] = {
            "count": len(rows),
            "errors": sum(1 for r in rows if r[2] not in allowed),
            "p50_ms": round(percentile(times, 0.50), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "p99_ms": round(percentile(times, 0.99), 2),
            "rps": round(len(rows) / elapsed, 1),
        }
    return summary


def drive(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase at every concurrency level."""
    with open(args.fixture) as source:
        fixture = json.load(source)
    cookie = login_coordinator(args.base, fixture) if args.reach else ""
    levels = [int(x) for x in args.levels.split(",")]
    results: dict[str, Any] = {}
    network = frozenset(filter(None, args.network.split(",")))
    only = frozenset(filter(None, args.only.split(",")))
    weights = mix(args.reach, network, only)
    names, counts = [n for n, _ in weights], [c for _, c in weights]

    def workers(count: int) -> list[Worker]:
        cards, items = fixture["cards"], fixture["items"]
        return [
            Worker(
                args.base,
                args.token,
                cookie,
                cards[i::count],
                items[i::count],
                fixture["words"],
                random.Random(1000 + i),  # noqa: S311  (seeded load pattern, not a secret)
                fixture.get("network_words", []),
                fixture.get("hsds_pages", 1),
            )
            for i in range(count)
        ]

    # Warm up every worker process (imports, templates, connection pools, the calendar feed
    # each process builds once): every endpoint of the mix, in turn, from several clients.
    mixed = lambda w: w.rng.choices(names, counts)[0]  # noqa: E731
    warm = workers(2 * args.workers)
    todo = {id(w): names * 3 for w in warm}
    for w in warm:
        w.items = w.items[-len(w.items) // 10 :]  # the mix's copies: lent and taken back

    def next_call(worker: Worker) -> str:
        if not todo[id(worker)]:
            raise OutOfItems
        return todo[id(worker)].pop()

    run_phase(warm, next_call, 300)
    run_phase(warm, mixed, args.warmup)
    for level in levels:
        crew = workers(level)
        for w in crew:  # the mix lends and returns its own copies: the last tenth of each list
            w.mix_items, w.items = w.items[-len(w.items) // 10 :], w.items[: -len(w.items) // 10]
        # The floor, the lend and the return in turns (their ratios are budgets; each return
        # slice takes back what the lends before it lent), then what is still out is taken
        # back unmeasured, then the scan.
        turns: list[tuple[str, Callable[[Worker], str]]] = [
            ("floor", lambda w: "floor"),
            ("lend", lambda w: "lend_only"),
            ("return", lambda w: "return_only"),
        ]
        phases = [("scan", lambda w: "card_scan", args.seconds / 5)]
        if only:  # a subset run measures the chosen endpoints in the mix, not the desk alone
            turns, phases = [], []
        if args.desk_only:  # a profile of lend and return (bench/profile.py): nothing else
            turns, phases = [t for t in turns if t[0] != "floor"], []
        measured = run_in_turns(crew, turns, args.seconds / 4) if turns else {}
        if turns:
            run_phase(crew, lambda w: "return_only", args.seconds * 2)
        for phase, choose, seconds in phases:
            measured[phase] = run_phase(crew, choose, seconds)
        for phase, (records, elapsed) in measured.items():
            results[f"{phase}@{level}"] = summarise(records, elapsed)
            print(f"    {phase}@{level}: {len(records)} requests in {elapsed:.1f} s", flush=True)
        left = sum(len(w.out) for w in crew)
        if left:
            raise SystemExit(f"load driver: {left} copies were not taken back in time")
        if args.desk_only:
            continue
        for w in crew:
            w.items = w.mix_items
        records, elapsed = run_phase(crew, mixed, args.seconds)
        results[f"mix@{level}"] = summarise(records, elapsed)
        print(f"    mix@{level}: {len(records)} requests in {elapsed:.1f} s", flush=True)
    return results


def main() -> None:
    """Command line: drive the server, write the summary as JSON."""
    parser = argparse.ArgumentParser(description="Drive a local Spelotheek server.")
    parser.add_argument("--base", required=True)
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--levels", default="1,4,16")
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=3, help="server processes to warm up")
    parser.add_argument("--reach", action="store_true", help="include the reach dashboard")
    parser.add_argument(
        "--network", default="", help="network endpoints this tree has, comma-separated"
    )
    parser.add_argument("--only", default="", help="measure only these endpoints (mix)")
    parser.add_argument("--desk-only", action="store_true", help="only lend and return alone")
    args = parser.parse_args()
    results = drive(args)
    with open(args.out, "w") as out:
        json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
