"""The mypy configuration holds what it says: strict where the house says strict."""

from __future__ import annotations

from pathlib import Path

from mypy.config_parser import parse_config_file
from mypy.main import process_options
from mypy.options import PER_MODULE_OPTIONS, Options

ROOT = Path(__file__).resolve().parent.parent


def _project_options() -> Options:
    options = Options()
    parse_config_file(options, lambda: None, str(ROOT / "pyproject.toml"))
    return options


def _strict_per_module_flags() -> dict[str, object]:
    """What mypy's --strict changes among the options a module may set, with their values."""
    _, plain = process_options(["--config-file", "", "-c", "pass"])
    _, strict = process_options(["--config-file", "", "--strict", "-c", "pass"])
    return {
        name: getattr(strict, name)
        for name in PER_MODULE_OPTIONS
        if getattr(strict, name) != getattr(plain, name)
    }


def _modules(pattern: str) -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "spelotheek").rglob(pattern)
    )


def test_strict_modules_get_every_strict_flag() -> None:
    flags = _strict_per_module_flags()
    assert "disallow_untyped_defs" in flags  # the comparison found strict mode's flags
    options = _project_options()
    strict_modules = (
        _modules("rules.py")
        + _modules("*_rules.py")
        + _modules("services.py")
        + _modules("queries.py")
    )
    assert "spelotheek.loans.rules" in strict_modules
    for module in strict_modules:
        held = options.clone_for_module(module)
        missing = {name for name, value in flags.items() if getattr(held, name) != value}
        assert not missing, f"{module} is not checked strictly: {sorted(missing)}"


def test_other_modules_are_checked_normally() -> None:
    # A per-module `strict = true` would switch strict mode on everywhere (mypy applies it
    # globally); views and models are meant to be checked normally.
    options = _project_options()
    assert not options.clone_for_module("spelotheek.loans.views").disallow_untyped_defs
    assert not options.ignore_missing_imports  # only per listed untyped package
