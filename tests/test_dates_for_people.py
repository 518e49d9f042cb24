"""Dates shown to people go through Flask-Babel, in the reader's language; mail is templated."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime

from spelotheek.families.retention import send_inactivity_notices
from spelotheek.paths import ROOT
from tests.factories import make_family

# Machine formats may keep strftime: (file, the line as written) -> why it is not for people.
MACHINE_FORMATS = {
    ("spelotheek/network/schedules.py", 'out.append(f"{day} {opens:%H:%M}-{closes:%H:%M}")'): (
        "the directory's history keeps hours as data"
    ),
    ("spelotheek/network/hsds.py", 'return moment.strftime("%Y-%m-%dT%H:%M:%SZ")'): "HSDS JSON",
    ("spelotheek/network/hsds.py", 'return moment.strftime("%H:%M")'): "HSDS JSON",
    ("spelotheek/jobs/rules.py", 'return slot.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")'): (
        "a job id on the queue"
    ),
    (
        "spelotheek/jobs/cli.py",
        'click.echo(f"{name}: this slot ({slot:%Y-%m-%d %H:%M} UTC) has run, or runs elsewhere.")',
    ): "the operator's command line, in UTC like the job table",
    ("spelotheek/reach/queries.py", 'month = func.strftime("%Y-%m", day)'): "SQLite SQL",
    ("spelotheek/reach/queries.py", 'saturday = func.strftime("%w", day) == "6"'): "SQLite SQL",
    ("spelotheek/reach/views.py", '"from": report.start.strftime("%Y-%m"),'): "form value",
    (
        "spelotheek/reach/views.py",
        '"to": (report.end - timedelta(days=1)).strftime("%Y-%m"),',
    ): "form value",
    (
        "spelotheek/reach/views.py",
        'name = f"reach-{report.start:%Y-%m}-{(report.end - timedelta(days=1)):%Y-%m}.csv"',
    ): "file name",
    ("spelotheek/reach/figures.py", 'return self.first_day.strftime("%Y-%m")'): (
        "the CSV's and the API's month (the page shows it in words)"
    ),
    ("spelotheek/audit/views.py", 'stamp = datetime.now().strftime("%Y%m%d")'): "file name",
    ("spelotheek/meetups/feeds.py", 'event["uid"] = f"{item.original_day:%Y%m%d}-{series.uid}"'): (
        "iCalendar UID"
    ),
    ("spelotheek/meetups/rules.py", 'return f"{self.series_id}-{self.original_day:%Y%m%d}"'): (
        "stable occurrence key"
    ),
    ("spelotheek/groups/views/__init__.py", '(m.strftime("%Y-%m"), format_date(m, "LLLL y"))'): (
        "form value (the label beside it is Flask-Babel's)"
    ),
    (
        "spelotheek/groups/views/public.py",
        '(m.strftime("%Y-%m"), format_date(m, "LLLL y")) for m in months',
    ): (
        "form value (the label beside it is Flask-Babel's)"
    ),
    ("spelotheek/groups/views/referrals.py", '(m.strftime("%Y-%m"), format_date(m, "LLLL y"))'): (
        "form value (the label beside it is Flask-Babel's)"
    ),
    ("spelotheek/channels/rules.py", 'return first.strftime("%Y-%m")'): "a month's key in counts",
    ("spelotheek/welcome/checkin.py", 'month = func.strftime("%Y-%m", CheckinCount.day)'): (
        "SQLite SQL"
    ),
}


def _python_date_formats(source: str) -> list[int]:
    """Lines that format a date by hand: .strftime(...) or an f-string spec with %."""

    def by_hand(node: ast.AST) -> bool:
        if isinstance(node, ast.Attribute):
            return node.attr == "strftime"
        spec = getattr(node, "format_spec", None) if isinstance(node, ast.FormattedValue) else None
        return spec is not None and "%" in ast.unparse(spec)

    return sorted({node.lineno for node in ast.walk(ast.parse(source)) if by_hand(node)})


def test_no_strftime_for_people() -> None:
    found = set()
    for path in sorted((ROOT / "spelotheek").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        rows = source.splitlines()
        for line in _python_date_formats(source):
            found.add((str(path.relative_to(ROOT)), rows[line - 1].strip()))
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in (".html", ".txt", ".ics"):
            for row in path.read_text(encoding="utf-8").splitlines():
                if re.search(r"strftime|%[dmYHM][/:.-]%", row):
                    found.add((str(path.relative_to(ROOT)), row.strip()))
    assert found - set(MACHINE_FORMATS) == set(), "use format_date/format_datetime/format_time"
    assert set(MACHINE_FORMATS) - found == set(), "an allowed machine format is gone: drop it"


def test_the_check_sees_strftime_and_format_specs() -> None:
    assert _python_date_formats("day.strftime('%d/%m/%Y')") == [1]
    assert _python_date_formats("x = f'{day:%d/%m}'") == [1]
    assert _python_date_formats("x = f'{count:>5}'") == []


def _notice_to(app, db, outbox, language: str, name: str = "Amira"):
    """The inactivity notice a family in `language` receives (asked on 6 October)."""
    now = datetime(2026, 10, 6, 10, 0, tzinfo=UTC)
    family, _ = make_family(
        db, name, email="family@example.org", reminder_consent=True, language=language
    )
    family.inactivity_notice_at = now
    db.commit()
    with app.app_context():
        assert send_inactivity_notices(db, now) == {"inactivity notices e-mailed": 1}
    (message,) = outbox.messages
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return message, text, html


def test_a_french_reader_gets_the_date_in_french(app, db, outbox) -> None:
    message, text, html = _notice_to(app, db, outbox, "fr")
    assert "6 décembre 2026" in text and "6 décembre 2026" in html
    assert "2026-12-06" not in text and "Bonjour" in text
    assert message["Content-Language"] == "fr" and '<html lang="fr" dir="ltr">' in html


def test_an_arabic_reader_gets_the_date_in_arabic_right_to_left(app, db, outbox) -> None:
    _message, text, html = _notice_to(app, db, outbox, "ar")
    assert "ديسمبر" in text and "ديسمبر" in html
    assert "December" not in text and "2026-12-06" not in text
    assert '<html lang="ar" dir="rtl">' in html


def test_the_html_body_escapes_what_families_typed(app, db, outbox) -> None:
    _message, text, html = _notice_to(app, db, outbox, "en", name="<b>Sam</b>")
    assert "Hello <b>Sam</b>," in text  # plain text is plain
    assert "&lt;b&gt;Sam&lt;/b&gt;" in html and "<b>Sam</b>" not in html
