"""Read pip-audit's JSON report: fail on a known vulnerability, say plainly when none was checked.

Usage: audit_report.py REPORT.json PIP_AUDIT_EXIT_CODE
"""

from __future__ import annotations

import json
import sys


def verdict(report: dict, status: int) -> tuple[int, list[str]]:
    """The exit code and the lines to print for a pip-audit JSON report."""
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    found = [(d["name"], v["id"]) for d in audited for v in d.get("vulns", [])]
    lines = [f"vulnerability audit: {name}: {vid}" for name, vid in found]
    if found:
        lines.append("vulnerability audit: FAILED - fix, or list the ID with a reason in "
                     ".ci/audit-allowlist.txt")
        return 1, lines
    if not audited:
        lines.append(f"vulnerability audit: NOT DONE - no vulnerability database answered for "
                     f"any of {len(deps)} packages (this machine reaches only package mirrors)")
        return 0, lines
    if status not in (0, 1):
        lines.append(f"vulnerability audit: pip-audit failed (exit {status})")
        return 1, lines
    lines.append(f"vulnerability audit: {len(audited)} packages audited, no known vulnerabilities")
    return 0, lines


def main() -> int:
    path, status = sys.argv[1], int(sys.argv[2])
    try:
        with open(path) as handle:
            report = json.load(handle)
    except ValueError:
        print(f"vulnerability audit: pip-audit gave no report (exit {status})")
        return 1
    code, lines = verdict(report, status)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
