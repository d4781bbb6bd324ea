"""The one way ficscope sets up Jinja2: every page it writes escapes what a work holds."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def environment(package: str, folder: str = "templates") -> Environment:
    """A template environment over ``package``'s ``folder``: autoescaped (explicitly:
    ``select_autoescape()`` would not recognise the ".j2" suffix), strict about undefined
    names, with a ``thousands`` filter ("12,345")."""
    env = Environment(
        loader=PackageLoader(package, folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda number: f"{number:,}"
    return env
