"""The layers hold: pure rules, no SQL in views, routes only in views/api modules.

The naming rule: a feature's pages are in `views.py`, or in a `views/` package when it has
several page modules (the blueprint in `views/__init__.py`); its JSON routes are in `api.py`
(the shared API's own route is in `spelotheek/api/__init__.py`, module `spelotheek.api`).
No other module defines routes. See docs/architecture.md.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "spelotheek"

ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}
# Session methods that run SQL; `get` only counts with a model class as its first argument.
QUERY_METHODS = {"execute", "scalars", "scalar", "scalar_one", "scalar_one_or_none", "query"}
FORBIDDEN_PACKAGES = ("flask", "flask_babel", "flask_login", "flask_wtf", "sqlalchemy", "wtforms")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_route_module(name: str) -> bool:
    """views.py, api.py, or a module in (or the __init__ of) a views/ package."""
    parts = name.split(".")
    return parts[-1] in {"views", "api"} or (len(parts) > 2 and parts[-2] == "views")


def _rules_modules() -> list[str]:
    return [n for n, p in _modules().items() if p.name.endswith("rules.py")]


def defines_routes(tree: ast.AST) -> bool:
    """True when a decorator like @bp.get("/…") or a call to add_url_rule appears."""
    for node in ast.walk(tree):
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if call and node.func.attr == "add_url_rule":
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr in ROUTE_DECORATORS
                    and decorator.args
                    and isinstance(decorator.args[0], ast.Constant)
                    and str(decorator.args[0].value).startswith("/")
                ):
                    return True
    return False


def _imported_modules(tree: ast.AST, modules: dict[str, Path]) -> list[tuple[int, str]]:
    """Every spelotheek module a file imports (a `from pkg import sub` names pkg.sub)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.append((node.lineno, sub if sub in modules else node.module))
    return found


def sql_in(tree: ast.AST) -> list[str]:
    """Where a module imports SQLAlchemy or calls a session's query methods."""
    problems = []
    typing_only = {  # `if TYPE_CHECKING:` imports: a Session in a signature runs no SQL
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in typing_only:
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                a.name for a in node.names
            ]
            if any(n == "sqlalchemy" or n.startswith("sqlalchemy.") for n in names):
                problems.append(f"line {node.lineno}: imports sqlalchemy")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            model_get = (
                method == "get"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id[:1].isupper()
                and not node.args[0].id.isupper()  # FAMILY_KEY: a cookie-session key
            )
            if method in QUERY_METHODS or model_get:
                problems.append(f"line {node.lineno}: .{method}(…)")
    return problems


def view_imports_in(name: str, tree: ast.AST, modules: dict[str, Path]) -> list[str]:
    """Imports of another views/api module (the modules of one views/ package may import each
    other: the package holds their blueprint)."""
    package = name if modules[name].name == "__init__.py" else name.rsplit(".", 1)[0]
    own = package if package.endswith(".views") else name
    problems = []
    for line, target in _imported_modules(tree, modules):
        if not target.startswith("spelotheek.") or target == own or target.startswith(own + "."):
            continue
        if is_route_module(target):
            problems.append(f"line {line}: imports {target}")
    return problems


def _parsed() -> dict[str, ast.AST]:
    return {name: ast.parse(path.read_text(), str(path)) for name, path in _modules().items()}


def test_the_checks_can_tell() -> None:
    """The detectors see what they look for (so the tests below cannot pass by seeing nothing)."""
    view = ast.parse(
        "from sqlalchemy import select\n"
        "if TYPE_CHECKING:\n    from sqlalchemy.orm import Session\n"
        "from spelotheek.loans.views import upload_folder\n"
        "@bp.get('/x')\n"
        "def x():\n"
        "    db.get(Item, 1); session.get(FAMILY_KEY); db.scalars(q)\n"
    )
    modules = _modules()
    assert defines_routes(view)
    assert sql_in(view) == ["line 1: imports sqlalchemy", "line 7: .get(…)", "line 7: .scalars(…)"]
    assert view_imports_in("spelotheek.places.views", view, modules) == [
        "line 4: imports spelotheek.loans.views"
    ]
    assert view_imports_in("spelotheek.loans.views.desk", view, modules) == []
    assert view_imports_in("spelotheek.loans.api", view, modules) == [
        "line 4: imports spelotheek.loans.views"
    ]
    assert not defines_routes(ast.parse("@app.get('x')\ndef f(): pass\nd.get('/x')"))
    assert is_route_module("spelotheek.loans.views.desk") and is_route_module("spelotheek.api")
    assert not is_route_module("spelotheek.loans.desk")
    assert len(_rules_modules()) >= 8


def test_routes_live_only_in_views_and_api_modules() -> None:
    """Blueprint routes are defined in views/api modules only (the naming rule above)."""
    routed = [n for n, tree in _parsed().items() if defines_routes(tree)]
    elsewhere = [n for n in routed if not is_route_module(n)]
    assert elsewhere == []


def test_views_and_api_modules_run_no_sql() -> None:
    """Queries live in the feature's services or queries module, not in a view."""
    modules = _parsed()
    found = {n: sql_in(tree) for n, tree in modules.items() if is_route_module(n)}
    assert {n: p for n, p in found.items() if p} == {}


def test_views_and_api_modules_import_no_other_views_or_api() -> None:
    """What two faces share lives in a service or query module."""
    modules = _modules()
    found = {
        n: view_imports_in(n, tree, modules) for n, tree in _parsed().items() if is_route_module(n)
    }
    assert {n: p for n, p in found.items() if p} == {}


def test_feature_commands_do_not_import_the_command_group() -> None:
    """Feature CLIs list their commands; spelotheek/cli.py adds them to the group."""
    modules = _modules()
    importers = [
        n
        for n, tree in _parsed().items()
        if n != "spelotheek"
        and any(t == "spelotheek.cli" for _, t in _imported_modules(tree, modules))
    ]
    assert importers == []


@pytest.mark.parametrize("module", _rules_modules())
def test_rules_modules_are_pure(module: str) -> None:
    """Importing a rules module in a fresh interpreter loads neither Flask nor SQLAlchemy."""
    probe = (
        f"import sys, {module}\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({FORBIDDEN_PACKAGES!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", f"{module} loads {result.stdout.strip()}"


def test_form_errors_are_flashed_by_one_helper() -> None:
    """spelotheek.forms.flash_errors is the one place that walks a form's errors into flashes."""
    walkers = sorted(
        name
        for name, path in _modules().items()
        if ".errors.values()" in path.read_text() and name != "spelotheek.forms"
    )
    assert walkers == []
