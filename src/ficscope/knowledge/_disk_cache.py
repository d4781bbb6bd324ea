"""Compiled knowledge kept on disk between runs, keyed by everything it was compiled from.

The directory is ``$FICSCOPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/ficscope``, else
``~/.cache/ficscope``; ``FICSCOPE_CACHE_DIR=off`` turns the cache off. A file that is
missing, unreadable or stale is ignored and compiled again; a directory that cannot be
written to only costs the compilation.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path


def directory() -> Path | None:
    chosen = os.environ.get("FICSCOPE_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ficscope"


def key(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def load(name: str, digest: str) -> object | None:
    """What ``store`` filed under ``name`` for ``digest``, or None."""
    where = directory()
    if where is None:
        return None
    try:
        return json.loads((where / f"{name}-{digest}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(name: str, digest: str, value: object) -> None:
    where = directory()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        target = where / f"{name}-{digest}.json"
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(value), encoding="utf-8")
        partial.replace(target)
    except OSError:
        return
