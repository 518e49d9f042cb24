"""CSV import and export of the catalogue; a re-import updates by reference, never duplicates."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from spelotheek import csvfile, typed
from spelotheek.domain_errors import DomainError
from spelotheek.loans import catalogue, rules
from spelotheek.loans.models import Item, Toy

# The file's columns (a stable format: spreadsheets are made by hand to this order): the toy's
# own fields as the catalogue saves them, between its reference and its parts and copies.
COLUMNS = ("ref", *catalogue.TOY_FIELDS, "parts", "copies")
NUMBERS = ("min_age_months", "max_age_months", "min_players", "max_players", "copies")
DEFAULTS = {"min_age_months": 0, "max_age_months": 96, "min_players": 1, "max_players": 1}
MAX_ROWS = 5000


@dataclass
class RowError:
    """One row that was not imported, and why."""

    row: int
    message: str


@dataclass
class ImportReport:
    """What an import did."""

    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


def parse_row(row: dict[str, str | None]) -> tuple[str, dict[str, object], list, int | None]:
    """Reference, toy fields, parts and copies from one CSV row; raises DomainError."""
    ref = (row.get("ref") or "").strip().upper()
    name = (row.get("name") or "").strip()
    if not ref or len(ref) > 20:
        raise DomainError(_("The reference (ref) is missing or longer than 20 characters."))
    if not name or len(name) > 120:
        raise DomainError(_("The name is missing or longer than 120 characters."))
    fields: dict[str, object] = {"name": name, "description": (row.get("description") or "")}
    fields["areas"] = row.get("areas") or ""
    fields["tags"] = row.get("tags") or ""
    copies = None
    for column in NUMBERS:
        raw = (row.get(column) or "").strip()
        if not raw:
            if column in DEFAULTS:
                fields[column] = DEFAULTS[column]
            continue
        try:
            number = typed.number(raw, 0, 9999)
        except ValueError:
            raise DomainError(_("%(column)s must be a whole number.", column=column)) from None
        if column == "copies":
            copies = number
        else:
            fields[column] = number
    parts = rules.parse_parts(row.get("parts") or "")
    catalogue.check_toy_fields(
        {**fields, "areas": ",".join(a.strip().lower() for a in str(fields["areas"]).split(","))}
    )
    return ref, fields, parts, copies


def import_rows(
    session: Session,
    actor_id: int | None,
    rows: Iterable[dict[str, str | None]],
    location_id: int | None = None,
) -> ImportReport:
    """Create or update toys from CSV rows; bad rows are reported and skipped."""
    report = ImportReport()
    toys = {t.ref: t for t in session.scalars(select(Toy).options(selectinload(Toy.parts)))}
    copies_now = dict(
        session.execute(
            select(Item.toy_id, func.count(Item.id))
            .where(Item.state != "retired")
            .group_by(Item.toy_id)
        ).all()
    )
    for number, row in enumerate(rows, start=2):  # row 1 holds the column names
        if number > MAX_ROWS + 1:
            report.errors.append(RowError(number, _("Too many rows; the rest was not read.")))
            break
        try:
            ref, fields, parts, copies = parse_row(row)
            with session.begin_nested():
                toy = toys.get(ref)
                created = toy is None
                toy = catalogue.save_toy(session, actor_id, toy, fields, parts, ref=ref)
                missing = (copies or 0) - copies_now.get(toy.id, 0)
                if missing > 0:
                    catalogue.add_items(session, actor_id, toy, min(missing, 50), location_id)
                    copies_now[toy.id] = copies_now.get(toy.id, 0) + min(missing, 50)
        except DomainError as error:
            report.errors.append(RowError(number, str(error.message)))
            continue
        toys[ref] = toy
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report


def read_csv(data: bytes) -> list[dict[str, str | None]]:
    """The rows of an uploaded CSV (UTF-8, comma or semicolon); raises DomainError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("Please save the file as CSV in UTF-8."), code="invalid_csv") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or not {"ref", "name"} <= {f.strip() for f in reader.fieldnames}:
        raise DomainError(
            _("The first row must name the columns, at least ref and name."), code="invalid_csv"
        )
    # Cells our export protected with a quote read back as they were (csvfile.read_cell).
    return [
        {
            (k or "").strip(): csvfile.read_cell(v) if isinstance(v, str) else v
            for k, v in row.items()
        }
        for row in reader
    ]


def export_rows(session: Session) -> Iterator[Sequence[object]]:
    """The whole catalogue as rows, in the columns the import reads (header first)."""
    copies = dict(
        session.execute(
            select(Item.toy_id, func.count(Item.id))
            .where(Item.state != "retired")
            .group_by(Item.toy_id)
        ).all()
    )
    yield COLUMNS
    for toy in session.scalars(select(Toy).options(selectinload(Toy.parts)).order_by(Toy.ref)):
        yield (
            toy.ref,
            toy.name,
            toy.description,
            toy.min_age_months,
            toy.max_age_months,
            toy.areas,
            toy.tags,
            toy.min_players,
            toy.max_players,
            "; ".join(f"{p.expected_count} {p.description}" for p in toy.parts),
            copies.get(toy.id, 0),
        )
