"""The project's layout holds: each app imports only the apps below it, no module grows past
400 lines, no page module imports another, and imports stand at the top of their module.

The layer order is written once, in the README's layout section; these tests read it there,
so the README and the code cannot drift apart.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
README = ROOT / "README.md"
MAX_LINES = 400
# Apps that exist only in the README's plan are skipped until they are written.
PLANNED: set[str] = set()


def layer_order() -> list[str]:
    """The README's line "Layers, lowest first: `offices` ← `ngos` ← …"."""
    match = re.search(r"^Layers, lowest first: (.+)$", README.read_text(encoding="utf-8"), re.M)
    assert match, "README.md must state the layer order"
    return re.findall(r"`([a-z_]+)`", match.group(1))


def modules(app: str, *, with_migrations: bool = True):
    for path in sorted((ROOT / app).rglob("*.py")):
        if with_migrations or "migrations" not in path.parts:
            yield path


def project_imports(path: Path, apps: set[str]):
    """(line, app) for every import of one of `apps` in the module, relative imports aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in apps:
                yield node.lineno, top


def app_modules():
    for app in layer_order():
        if (ROOT / app).is_dir():
            yield from modules(app)


def test_readme_names_every_app_in_the_layer_order():
    order = layer_order()
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(order), f"apps missing from the README's layer order: {apps - set(order)}"
    assert set(order) - apps <= PLANNED


def test_no_app_imports_an_app_above_it():
    order = layer_order()
    upward = []
    for i, app in enumerate(order):
        if not (ROOT / app).is_dir():
            continue
        higher = set(order[i + 1 :])
        for path in modules(app):
            for line, imported in project_imports(path, higher):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert upward == []


def test_the_layer_check_would_see_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\nfrom reports.models import IssueReport\n\ndef f():\n"
        "    from dashboards import figures\n",
        encoding="utf-8",
    )
    assert list(project_imports(module, {"reports", "dashboards"})) == [
        (2, "reports"),
        (5, "dashboards"),
    ]


def test_no_module_passes_400_lines():
    """Outside migrations (the demo data too); a module that grows is split by what it holds."""
    long = []
    for path in app_modules():
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert long == []


def view_modules():
    for path in app_modules():
        if path.name == "views.py" or "views" in path.parts[:-1]:
            yield path


def test_no_view_module_imports_another():
    """Shared reads live in selectors or queryset methods, shared writes in services."""
    found = []
    apps = set(layer_order())
    for path in view_modules():
        in_package = path.parent.name == "views"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            module = node.module or ""
            names = [alias.name for alias in node.names]
            sibling = in_package and node.level == 1  # from .other import …
            parts = module.split(".")
            ours = node.level > 0 or parts[0] in apps
            views = ours and ("views" in parts or "views" in names)
            if sibling or views:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_imports_stand_at_the_top_unless_a_comment_says_why():
    """An import inside a function is allowed only with a comment giving the reason
    (an app's ready(), or a real import cycle)."""
    found = set()
    for path in app_modules():
        if "migrations" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    here, above = lines[inner.lineno - 1], lines[inner.lineno - 2].strip()
                    if "#" not in here and not above.startswith("#"):
                        found.add(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert sorted(found) == []


@pytest.mark.parametrize("package", ["facilitation"])
def test_project_package_holds_only_wiring(package):
    """Settings, URLs, WSGI, middleware, context processors, the asset finder, the health
    check and the translation of Django's own strings; its old migrations stay as history."""
    allowed = {
        "__init__.py",
        "apps.py",
        "settings.py",
        "urls.py",
        "wsgi.py",
        "asgi.py",
        "middleware.py",
        "context_processors.py",
        "assets.py",
        "health.py",
        "errors.py",
        "django_strings_fa.py",
    }
    present = {p.name for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts}
    assert present <= allowed, present - allowed
    assert not (ROOT / package / "models.py").exists()
