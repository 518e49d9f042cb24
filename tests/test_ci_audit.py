"""The CI's vulnerability audit: what it makes of pip-audit's report."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("audit_report", ROOT / ".ci" / "audit_report.py")
audit_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit_report)


def test_a_known_vulnerability_fails_the_build() -> None:
    report = {
        "dependencies": [
            {"name": "flask", "version": "3.1.3", "vulns": []},
            {
                "name": "oldlib",
                "version": "1.0",
                "vulns": [{"id": "PYSEC-2099-1", "fix_versions": []}],
            },
        ]
    }
    code, lines = audit_report.verdict(report, 1)
    assert code == 1 and "oldlib: PYSEC-2099-1" in "\n".join(lines)


def test_a_clean_audit_passes_and_says_how_many_were_checked() -> None:
    report = {"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []}]}
    assert audit_report.verdict(report, 0) == (
        0,
        ["vulnerability audit: 1 packages audited, no known vulnerabilities"],
    )


def test_an_audit_that_checked_nothing_says_so_instead_of_passing_silently() -> None:
    report = {"dependencies": [{"name": "flask", "version": "3.1.3", "skip_reason": "not found"}]}
    code, lines = audit_report.verdict(report, 0)
    assert code == 0 and "NOT DONE" in lines[-1]


def test_the_allow_list_has_a_reason_for_every_entry() -> None:
    for line in (ROOT / ".ci" / "audit-allowlist.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert len(line.split(maxsplit=1)) == 2, f"no reason given: {line}"
