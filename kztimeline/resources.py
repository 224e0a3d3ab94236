"""Where the shipped files are: inside the installed package, or beside it in a source checkout.

The wheel carries `resources/` and the bundled `events.yaml` inside the package (see pyproject.toml); a checkout
keeps them at the top of the repository. Both layouts keep the same relative paths, so the `file:` entries in
events.yaml work in either.
"""

from __future__ import annotations

from pathlib import Path

# What importlib.resources.files("kztimeline") gives for a package on disk, the only layout these paths serve (they
# are opened as files); asking it took 1-2 ms of every start (its readers imported, a reader made).
_PACKAGE = Path(__file__).parent


def _package_dir() -> Path:
    return _PACKAGE


def resource_root() -> Path:
    """The folder holding sources/, gazetteer/, basemap/ and icons/."""
    inside = _package_dir() / "resources"
    return inside if inside.is_dir() else _package_dir().parent / "resources"


def resource(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def bundled_events() -> Path:
    """The events.yaml that ships with kztimeline."""
    inside = _package_dir() / "events.yaml"
    return inside if inside.is_file() else _package_dir().parent / "events.yaml"
