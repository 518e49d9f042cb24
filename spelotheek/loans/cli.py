"""The toy library: command-line commands; spelotheek.cli adds `COMMANDS` to its group."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from spelotheek.db import get_session


@click.command("import-toys")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_toys_command(csv_file: Path) -> None:
    """Add or update toys from a CSV file (known references are updated, never doubled)."""
    from spelotheek.domain_errors import DomainError
    from spelotheek.loans import csvio

    db = get_session()
    try:
        rows = csvio.read_csv(csv_file.read_bytes())
        report = csvio.import_rows(db, None, rows)
        db.commit()
    except DomainError as error:
        db.rollback()
        click.echo(f"Not imported: {error.message}", err=True)
        sys.exit(1)
    click.echo(f"added: {report.created}")
    click.echo(f"updated: {report.updated}")
    for problem in report.errors:
        click.echo(f"row {problem.row}: {problem.message}", err=True)
    if report.errors:
        sys.exit(2)


COMMANDS = (import_toys_command,)
