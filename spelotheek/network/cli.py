"""The network's command-line commands: `spelotheek network export FILE` and
`spelotheek network import FILE [--dry-run]` (HSDS 3.0 JSON; see docs/hsds.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from spelotheek.db import get_session


@click.group("network")
def network_group() -> None:
    """The directory of the network around the family (services, places, life domains)."""


@network_group.command("export")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(target: Path) -> None:
    """Write the whole directory as HSDS 3.0 JSON (a bundle of taxonomies, terms,
    organisations and services)."""
    from spelotheek.network import hsds, hsds_queries

    db = get_session()
    document = hsds.bundle(*hsds_queries.whole_directory(db))
    db.rollback()  # only read
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(
        f"Wrote {len(document['organizations'])} organisations and "
        f"{len(document['services'])} services to {target}."
    )


@network_group.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only report what would change; change nothing.")
@with_appcontext
def import_command(source: Path, dry_run: bool) -> None:
    """Read HSDS 3.0 JSON into the directory: new entries are created, known ones (same id)
    changed. An invalid file, or one bad object, changes nothing."""
    from spelotheek.network.hsds_import import ImportRefused, import_document, read_document

    db = get_session()
    try:
        report = import_document(db, read_document(source.read_bytes()))
    except ImportRefused as refused:
        db.rollback()
        click.echo("Not imported; nothing was changed. The first problems:", err=True)
        for problem in refused.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    except BaseException:
        db.rollback()
        raise
    lines = report.lines(dry_run)
    if dry_run:
        db.rollback()
        lines.append("Dry run: nothing was changed.")
    else:
        db.commit()
    for line in lines:
        click.echo(line)


COMMANDS = (network_group,)
