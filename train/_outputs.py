"""The end every train/ script shares: write the fitted files, or with ``--check``
compare them with the committed ones."""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "src" / "ficscope" / "knowledge" / "models"


def check_wanted(doc: str, argv: Sequence[str] | None) -> bool:
    """Parse a train/ script's command line (its only option is ``--check``); True when given."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fit and compare with the committed files, write nothing")
    return bool(parser.parse_args(argv).check)


def write_or_check(outputs: Mapping[Path, str], check: bool, started: float) -> int:
    """0 when written, or with ``check`` when every file is identical to its fitted text; 1 otherwise."""
    if check:
        differ = [p for p, text in outputs.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
        for path in outputs:
            print(f"{path.relative_to(ROOT)}: {'DIFFERS from' if path in differ else 'identical to'} the fitted one")
        return 1 if differ else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {', '.join(str(p.relative_to(ROOT)) for p in outputs)} in {time.perf_counter() - started:.1f}s")
    return 0
