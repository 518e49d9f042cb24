"""The CI's vulnerability audit: what it makes of pip-audit's report."""

from __future__ import annotations

import importlib.util
import re
import tomllib
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


SOURCES = ("spelotheek", "tests", "migrations", "bench", ".ci")
_NOQA = re.compile(r"#\s*noqa:\s*([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)(.*)$")


def test_ci_lints_with_the_security_rules_before_it_tests() -> None:
    steps = [line.split("#")[0].strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make lint" in steps and steps.index("make lint") < steps.index("make test")
    lint = (ROOT / "Makefile").read_text().split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert all(folder in lint for folder in SOURCES)
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    assert "S" in ruff["select"]
    assert not [code for code in ruff.get("ignore", []) if code.startswith("S")]


def test_every_exception_to_the_security_rules_says_why() -> None:
    """A `# noqa: S...` has its reason on the same line; a per-file ignore of S rules sits under
    a comment in pyproject.toml."""
    silent = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found = _NOQA.search(line)
                codes = [c.strip() for c in found[1].split(",")] if found else []
                if not any(re.fullmatch(r"S\d+", code) for code in codes):
                    continue
                if not found[2].strip(" -–()"):
                    silent.append(f"{path.relative_to(ROOT)}:{number}")
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    section = lines.index("[tool.ruff.lint.per-file-ignores]")
    for number in range(section + 1, len(lines)):
        if lines[number].startswith("[") and lines[number].endswith("]"):
            break
        if not re.search(r'"S\d+"', lines[number]):
            continue
        above = number - 1
        while re.match(r'^"[^"]+"\s*=', lines[above]):  # entries grouped under one comment
            above -= 1
        if not lines[above].startswith("#"):
            silent.append(f"pyproject.toml:{number + 1}")
    assert silent == []
