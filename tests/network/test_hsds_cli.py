"""`spelotheek network export FILE` and `spelotheek network import FILE [--dry-run]`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import func, select

from spelotheek.cli import main
from spelotheek.network.models import DirectoryChange, Organization, Service
from tests.network.hsds_fixtures import make_directory, schema_errors

EXAMPLES = Path(__file__).parent / "hsds_examples"


def _services(db) -> int:
    db.rollback()  # a fresh snapshot: the command committed in its own session
    return db.scalar(select(func.count()).select_from(Service)) or 0


def test_export_writes_valid_hsds_and_import_reads_it_back_the_same(app, db, tmp_path) -> None:
    make_directory(db)
    db.commit()
    runner = app.test_cli_runner()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = runner.invoke(main, ["network", "export", str(first)])
    assert result.exit_code == 0, result.output
    assert "2 organisations and 3 services" in result.output
    bundle = json.loads(first.read_text())
    for name in ("organization", "service", "taxonomy", "taxonomy_term"):
        key = "taxonomies" if name == "taxonomy" else f"{name}s"
        for item in bundle[key]:
            assert schema_errors(f"{name}.json", item) == []
    for organization in db.scalars(select(Organization)).all():
        db.delete(organization)
    db.execute(DirectoryChange.__table__.delete())
    db.commit()

    result = runner.invoke(main, ["network", "import", str(first)])
    assert result.exit_code == 0, result.output
    assert "created service" in result.output and "9 new, 0 changed" in result.output
    assert runner.invoke(main, ["network", "export", str(second)]).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    assert _services(db) == 3
    assert db.scalar(select(func.count()).select_from(DirectoryChange)) == 9


def test_a_dry_run_reports_and_changes_nothing(app, db, tmp_path) -> None:
    runner = app.test_cli_runner()
    source = EXAMPLES / "service_full.json"
    result = runner.invoke(main, ["network", "import", str(source), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would create service ac148810-d857-441c-9679-408f346de14b" in result.output
    assert "Dry run: nothing was changed." in result.output
    assert _services(db) == 0
    assert db.scalar(select(func.count()).select_from(DirectoryChange)) == 0
    result = runner.invoke(main, ["network", "import", str(source)])
    assert result.exit_code == 0 and "created service" in result.output
    assert _services(db) == 1


def test_an_invalid_file_is_refused_and_nothing_changes(app, db, tmp_path) -> None:
    runner = app.test_cli_runner()
    broken = json.loads((EXAMPLES / "service_full.json").read_text())
    broken["minimum_age"] = "twelve"
    source = tmp_path / "broken.json"
    source.write_text(
        json.dumps([json.loads((EXAMPLES / "organization_full.json").read_text()), broken])
    )
    result = runner.invoke(main, ["network", "import", str(source)])
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
    assert "[1].minimum_age: 'twelve' is not of type 'number'" in result.output
    assert _services(db) == 0


def test_one_bad_object_after_good_ones_changes_nothing(app, db, tmp_path) -> None:
    good = json.loads((EXAMPLES / "organization_full.json").read_text())
    bad = json.loads((EXAMPLES / "service_full.json").read_text())
    bad["id"] = "0d6c86cf-6c9b-4f4b-a0a4-5d1b6c9a3f10"
    bad["service_at_locations"] = []
    bad["maximum_age"] = 3  # below the minimum of 12
    source = tmp_path / "half.json"
    source.write_text(json.dumps([good, bad]))
    result = app.test_cli_runner().invoke(main, ["network", "import", str(source)])
    assert result.exit_code == 1
    assert "[1].maximum_age: below the minimum age" in result.output
    assert _services(db) == 0
    assert db.scalar(select(func.count()).select_from(Organization)) == 0


def test_a_file_that_is_not_json_is_refused(app, db, tmp_path) -> None:
    source = tmp_path / "nonsense.json"
    shutil.copy(EXAMPLES / "service_full.json", source)
    source.write_text(source.read_text()[:100])
    result = app.test_cli_runner().invoke(main, ["network", "import", str(source)])
    assert result.exit_code == 1 and "not JSON" in result.output
