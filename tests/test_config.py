"""Settings: read in one place, as data, checked at start-up, listed in the README."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from spelotheek import create_app
from spelotheek.config import INSTANCE_FILE_VARIABLE, InvalidSetting, load
from spelotheek.paths import ROOT
from spelotheek.settings import SETTINGS, readme_with_table

DEVELOPMENT = {"TESTING": True, "DATABASE_URL": "sqlite://"}


def _instance(tmp_path: Path, text: str) -> dict[str, str]:
    """An environment whose instance file holds `text`."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return {INSTANCE_FILE_VARIABLE: str(path)}


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("MAIL_PORT", "seventy", "a whole number from 1 to 65535"),
        ("MAIL_PORT", "70000", "a whole number from 1 to 65535"),
        ("REACH_THRESHOLD", "3", "a whole number from 5 to 1000"),
        ("DEMO", "maybe", "true or false"),
        ("BABEL_DEFAULT_LOCALE", "de", "one of nl, fr, en, ar, tr"),
        ("REQUIRE_TWO_STEP_ROLES", "coordinator,boss", "a list drawn from"),
        ("LOGIN_LIMIT_ACCOUNT", "five a day", "a limit such as"),
        ("FAMILY_READ_LIMIT", "lots", "limits such as"),
        ("REACH_POSTCODES", "9000=Centrum", "a JSON object"),
        ("DATABASE_URL", "mysql://x", "a sqlite:/// or postgresql:// address"),
    ],
)
def test_a_bad_value_in_the_environment_stops_start_up_naming_it(variable, value, words) -> None:
    with pytest.raises(InvalidSetting) as refused:
        load(DEVELOPMENT, environ={variable: value})
    message = str(refused.value)
    assert message.startswith(f"{variable} (from the environment) must be")
    assert words in message and repr(value) in message


def test_create_app_refuses_a_bad_setting(monkeypatch) -> None:
    monkeypatch.setenv("STAFF_IDLE_MINUTES", "-1")
    with pytest.raises(InvalidSetting, match="STAFF_IDLE_MINUTES"):
        create_app(DEVELOPMENT)


def test_a_secret_is_never_repeated_in_the_message() -> None:
    with pytest.raises(InvalidSetting) as refused:
        load(DEVELOPMENT, environ={"SECRET_KEY": "short-secret"})
    assert "SECRET_KEY" in str(refused.value) and "short-secret" not in str(refused.value)


def test_the_environment_is_read_as_typed_values() -> None:
    settings = load(
        DEVELOPMENT,
        environ={
            "MAIL_PORT": "587",
            "MAIL_USE_STARTTLS": "yes",
            "ALLOWED_HOSTS": "a.example, b.example",
            "MEETUP_FEED_HISTORY_DAYS": "none",
            "REACH_POSTCODES": '{"9000": "Centrum"}',
            "SPELOTHEEK_DEMO": "1",
        },
    )
    assert settings["MAIL_PORT"] == 587 and settings["MAIL_USE_STARTTLS"] is True
    assert settings["ALLOWED_HOSTS"] == ("a.example", "b.example")
    assert settings["MEETUP_FEED_HISTORY_DAYS"] is None
    assert settings["REACH_POSTCODES"] == {"9000": "Centrum"}
    assert settings["DEMO"] is True and settings["REQUIRE_TWO_STEP_ROLES"] == ()


def test_the_instance_file_is_data_and_the_environment_wins(tmp_path) -> None:
    environ = _instance(
        tmp_path,
        'SITE_NAME = "Speelotheek Noord"\nREACH_THRESHOLD = 20\nMAIL_PORT = 587\n'
        'REACH_POSTCODES = { "9000" = "Centrum" }\n',
    )
    settings = load(DEVELOPMENT, environ={**environ, "MAIL_PORT": "2525"})
    assert settings["SITE_NAME"] == "Speelotheek Noord" and settings["REACH_THRESHOLD"] == 20
    assert settings["REACH_POSTCODES"] == {"9000": "Centrum"}
    assert settings["MAIL_PORT"] == 2525


def test_the_instance_file_is_never_run(tmp_path) -> None:
    witness = tmp_path / "ran"
    code = f"import pathlib\npathlib.Path({str(witness)!r}).write_text('ran')\nSITE_NAME = 'x'\n"
    with pytest.raises(InvalidSetting, match="not valid TOML"):
        load(DEVELOPMENT, environ=_instance(tmp_path, code))
    assert not witness.exists()


def test_the_instance_file_is_checked_too(tmp_path) -> None:
    with pytest.raises(InvalidSetting, match=r"REACH_THRESHOLD \(from .*config.toml\) must be"):
        load(DEVELOPMENT, environ=_instance(tmp_path, 'REACH_THRESHOLD = "ten"\n'))
    with pytest.raises(InvalidSetting, match="REACH_TRESHOLD .* is not a setting"):
        load(DEVELOPMENT, environ=_instance(tmp_path, "REACH_TRESHOLD = 10\n"))
    with pytest.raises(InvalidSetting, match="does not exist"):
        load(DEVELOPMENT, environ={INSTANCE_FILE_VARIABLE: str(tmp_path / "missing.toml")})


def test_overrides_of_declared_settings_are_checked() -> None:
    with pytest.raises(InvalidSetting, match=r"MAIL_PORT \(from the overrides\)"):
        load({**DEVELOPMENT, "MAIL_PORT": "25"})


def test_every_setting_has_a_default_that_passes_its_own_check() -> None:
    for setting in SETTINGS:
        assert setting.check(setting.default, "the defaults") == setting.default, setting.name
        assert setting.meaning.strip(), setting.name


def test_the_readme_lists_every_setting_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_with_table(readme) == readme, "run `make settings-table`"
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in readme


def _reads_the_environment(tree: ast.AST) -> list[int]:
    """Lines that touch os.environ, os.getenv or os.putenv (however `os` was imported)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv"):
            found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            found.extend(node.lineno for a in node.names if a.name in ("environ", "getenv"))
    return found


def test_only_config_reads_the_environment() -> None:
    package = ROOT / "spelotheek"
    readers = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(package.rglob("*.py"))
        if (lines := _reads_the_environment(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert set(readers) == {"spelotheek/config.py"}, readers


def test_the_environment_check_sees_every_way_in() -> None:
    for source in (
        "import os\nos.environ['X']",
        "import os\nos.getenv('X')",
        "from os import environ",
        "from os import getenv as g",
    ):
        assert _reads_the_environment(ast.parse(source)), source
