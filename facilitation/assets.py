"""Front-end files served from the npm packages installed at build time.

`npm ci` installs the packages named in package.json into node_modules/; this
finder makes exactly the files listed here available as static files under
`npm/<package>/<path>`, so nothing third-party is copied into the repository
and nothing else from node_modules is served.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

PREFIX = "npm"

# Each file the pages use, with its licence; source maps go with the files that name them.
FILES = [
    "bootstrap/dist/css/bootstrap.rtl.min.css",
    "bootstrap/dist/css/bootstrap.rtl.min.css.map",
    "bootstrap/dist/css/bootstrap.min.css",
    "bootstrap/dist/css/bootstrap.min.css.map",
    "bootstrap/dist/js/bootstrap.bundle.min.js",
    "bootstrap/dist/js/bootstrap.bundle.min.js.map",
    "bootstrap/LICENSE",
    "vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2",
    "vazirmatn/fonts/webfonts/Vazirmatn-Medium.woff2",
    "vazirmatn/fonts/webfonts/Vazirmatn-Bold.woff2",
    "vazirmatn/OFL.txt",
    "chart.js/dist/chart.umd.min.js",
    "chart.js/dist/chart.umd.min.js.map",
    "chart.js/LICENSE.md",
    "@majidh1/jalalidatepicker/dist/jalalidatepicker.min.js",
    "@majidh1/jalalidatepicker/dist/jalalidatepicker.min.css",
    "@majidh1/jalalidatepicker/LICENSE",
]


def static_path(file: str) -> str:
    """The static path under which a node_modules file is served."""
    return f"{PREFIX}/{file}"


def node_modules() -> Path:
    return Path(getattr(settings, "NODE_MODULES_DIR", settings.BASE_DIR / "node_modules"))


class NpmFinder(BaseFinder):
    """Finds the listed node_modules files as `npm/<package>/<path>`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=node_modules())
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        missing = [f for f in FILES if not (node_modules() / f).is_file()]
        if missing:
            return [
                Error(
                    f"Front-end files are missing from node_modules: {', '.join(missing[:3])}…",
                    hint="Run `npm ci` (make run and make test do it).",
                    id="facilitation.E001",
                )
            ]
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        prefix = PREFIX + "/"
        if path.startswith(prefix) and path[len(prefix) :] in FILES:
            full = node_modules() / path[len(prefix) :]
            if full.is_file():
                return [str(full)] if find_all else str(full)
        return []

    def list(self, ignore_patterns):
        for file in FILES:
            if (node_modules() / file).is_file():
                yield file, self.storage
