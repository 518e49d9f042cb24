"""The bench measures the network's directory search and HSDS list when the tree serves them,
checks their budgets, and can run only some endpoints (BENCH_ONLY)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from bench import budgets, load
from bench.generate import Generator
from bench.sizes import SIZES
from spelotheek.content import texts_of
from spelotheek.network.models import Service
from spelotheek.network.texts import refresh_search_text


def _figures(p95: float, errors: int = 0) -> dict[str, float]:
    return {
        "count": 50,
        "errors": errors,
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95,
        "rps": 9,
    }


def _city(**mix: float) -> dict[str, dict[str, object]]:
    return {"city": {"mix@1": {name.replace("_", " "): _figures(p95) for name, p95 in mix.items()}}}


NETWORK = frozenset(budgets.NETWORK_PATHS)


def test_network_budgets_are_checked_when_the_tree_serves_them() -> None:
    runs = _city(directory_search=61.0, hsds_services=79.0)
    missed = budgets.check(runs, 1, 4, "postgresql", False, NETWORK, NETWORK)
    assert missed == ["postgresql city: directory search p95 61.0 ms > 50 ms"]


def test_a_slow_hsds_list_misses_its_budget() -> None:
    runs = _city(directory_search=20.0, hsds_services=81.0)
    missed = budgets.check(runs, 1, 4, "postgresql", False, NETWORK, NETWORK)
    assert missed == ["postgresql city: hsds services p95 81.0 ms > 80 ms"]


def test_network_endpoints_a_tree_lacks_are_not_asked_for() -> None:
    runs = _city(catalogue_search=20.0)
    missed = budgets.check(
        runs, 1, 4, "sqlite", False, frozenset(), frozenset({"catalogue search"})
    )
    assert missed == []


def test_a_missing_figure_for_a_served_endpoint_is_a_miss() -> None:
    runs = _city(directory_search=20.0)
    missed = budgets.check(runs, 1, 4, "postgresql", False, NETWORK, NETWORK)
    assert missed == ["postgresql city: no figures for hsds services"]


def test_unexpected_answers_are_a_miss_in_a_subset_run() -> None:
    runs = _city(directory_search=20.0, hsds_services=30.0)
    runs["city"]["mix@1"]["hsds services"]["errors"] = 3
    missed = budgets.check(runs, 1, 4, "postgresql", False, NETWORK, NETWORK)
    assert missed == ["postgresql city: hsds services had 3 unexpected answers in mix@1"]


def test_the_mix_adds_the_network_and_keeps_only_what_is_asked() -> None:
    calls = [call for call, _ in load.mix(False, NETWORK)]
    assert {"directory_search", "hsds_services", "lend_return"} <= set(calls)
    assert "directory_search" not in [call for call, _ in load.mix(False)]
    only = load.mix(False, NETWORK, frozenset({"directory search", "hsds services"}))
    assert [call for call, _ in only] == ["directory_search", "hsds_services"]
    with pytest.raises(SystemExit):
        load.mix(False, frozenset(), frozenset({"hsds services"}))


def test_the_network_budgets_hold_on_postgresql_only() -> None:
    runs = _city(directory_search=70.0, hsds_services=90.0)
    assert budgets.check(runs, 1, 4, "sqlite", False, NETWORK, NETWORK) == []


def test_the_generated_directory_is_what_the_site_would_store(db) -> None:
    """Generated rows fit the models on both databases, and their search text is the one
    texts.refresh_search_text writes, in all five languages."""
    generator = Generator(replace(SIZES["spelotheek"], services=25), date(2026, 12, 6))
    generator.network(db.connection())
    services = db.scalars(select(Service)).all()
    assert len(services) == 25
    for service in services:
        generated = service.search_text
        refresh_search_text(service)
        assert sorted(generated.split()) == sorted(service.search_text.split())
        assert set(texts_of(service, "name")) == {"nl", "fr", "en", "ar", "tr"}
        assert service.places[0].hours and service.domains
    assert generator.fixture["hsds_pages"] == 1
    assert any(w in services[0].search_text for w in generator.fixture["network_words"])
