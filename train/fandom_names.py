"""Fit the share of a work's named characters that must be one fandom pack's given names
before the characters stage infers that pack (src/ficscope/knowledge/models/fandom_names.json).

    .venv/bin/python train/fandom_names.py [--check]

Background (fitted): PDNC's train novels (``../shared/data/pdnc``, SPLIT.tsv), which
belong to no fandom. LitBank has no train split (its texts are dev or test), so it is
only scored. Each text is read as the benches read it, and its named characters are the
name forms the person model takes as people (``characters.gather`` with no pack, then
``characters.model_people``), one per given name (``characters_packs.given_names``).

``min_share`` is the highest share of its named characters any background text gives to
one pack's given names, plus ``MARGIN``; ``min_matches`` and ``min_uncommon`` are fixed.
Scored, not fitted: the held-out texts (PDNC dev, LitBank dev and test) that bring any
pack (should be none), and the real AO3 works of ``../shared/data/real-works`` whose
declared fandom has a pack: read without their declared fandoms, how many get their own
pack and how many another fandom's.

Writes the thresholds and ``fandom_names.provenance.json``; ``--check`` fits and compares
with the committed files instead of writing.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.characters_pdnc import DATA, PdncMissing, split_novels  # noqa: E402
from bench.litbank import documents  # noqa: E402
from bench.relationships_real import DIRS, read_works  # noqa: E402
from train._outputs import MODELS, check_wanted, write_or_check  # noqa: E402
from ficscope import knowledge, read_work  # noqa: E402
from ficscope.model import Chapter  # noqa: E402
from ficscope.stages import characters, characters_packs  # noqa: E402

MODEL_FILE = MODELS / "fandom_names.json"
PROVENANCE_FILE = MODELS / "fandom_names.provenance.json"
MIN_MATCHES = 3
MIN_UNCOMMON = 2
MARGIN = 0.1


def people(chapters: list[Chapter]) -> list[str]:
    """The text's own people: the person model's name forms, no pack used."""
    seen = characters.gather(chapters, infer_pack=False)
    return characters.model_people(seen.table, seen.found)


def best_share(forms: list[str]) -> tuple[float, str]:
    """The highest share of the named characters one pack's given names reach, and that pack."""
    found = [characters_packs.evidence(forms, pack) for pack in knowledge.fandom_packs()]
    best = max(found, key=lambda e: (e.share, e.pack.fandom))
    return round(best.share, 4), best.pack.fandom


def main(argv: list[str] | None = None) -> int:
    check = check_wanted(__doc__, argv)
    try:
        return fit(check, time.perf_counter())
    except PdncMissing as error:
        print(error, file=sys.stderr)
        return 2


def fit(check: bool, started: float) -> int:
    """Fit (or with ``check`` compare) the thresholds, printing the figures."""
    train, dev = split_novels("train"), split_novels("dev")
    background = {n: people(read_work(DATA / n / "novel_text.txt").chapters) for n in train}
    shares = {n: best_share(forms) for n, forms in background.items()}
    top = max(shares, key=lambda n: (shares[n][0], n))
    min_share = round(shares[top][0] + MARGIN, 4)
    limits = characters_packs.Thresholds(MIN_MATCHES, MIN_UNCOMMON, min_share)
    print(f"background: highest share {shares[top][0]} ({top}, {shares[top][1]}); min_share {min_share}")

    held_out = {f"pdnc/{n}": people(read_work(DATA / n / "novel_text.txt").chapters) for n in dev}
    held_out |= {f"litbank/{d.name}": people([Chapter(1, d.text)]) for d in documents("all")}
    brought = {name: pack.fandom for name, forms in held_out.items() if (pack := characters_packs.infer(forms, limits))}
    print(f"held out: {len(brought)} of {len(held_out)} texts bring a pack {brought}")

    works, _ = read_works(DIRS)
    own, other, none = [], [], []
    for label, work in works:
        declared = {p.fandom for f in work.declared.fandoms if (p := knowledge.pack_for(f)) is not None}  # type: ignore[attr-defined]
        if not declared:
            continue
        forms = people(work.chapters)  # type: ignore[attr-defined]
        pack = characters_packs.infer(forms, limits)
        shown = f"{label} ({', '.join(sorted(declared))}): {best_share(forms)}"
        (own if pack and pack.fandom in declared else other if pack else none).append(shown)
    print(f"real works with a pack: {len(own)} get their own, {len(other)} another's, {len(none)} none")
    for line in (*own, *(f"another's: {w}" for w in other), *(f"none: {w}" for w in none)):
        print("  " + line)

    model = {
        "format": characters_packs.FORMAT,
        "version": characters_packs.FORMAT_VERSION,
        "min_matches": MIN_MATCHES,
        "min_uncommon": MIN_UNCOMMON,
        "min_share": min_share,
    }
    provenance = {
        "model": "fandom_names.json",
        "command": ".venv/bin/python train/fandom_names.py",
        "data": "PDNC (Vishnubhotla, Hammond & Hirst, LREC 2022), ../shared/data/pdnc; LitBank, ../shared/data/litbank; "
        "real AO3 works, ../shared/data/real-works",
        "split": {
            "background (fitted)": train,
            "held out (scored only)": [*(f"pdnc/{n}" for n in dev), "litbank: every dev and test text"],
        },
        "training": {"highest background share": shares[top][0], "its text": top, "its pack": shares[top][1], "margin": MARGIN},
        "figures": {
            "held-out texts": len(held_out),
            "held-out texts that bring a pack": len(brought),
            "real works whose fandom has a pack": len(own) + len(other) + len(none),
            "real works, read undeclared, that get their own pack": len(own),
            "real works, read undeclared, that get another fandom's pack": len(other),
        },
        "note": "min_share is the background's highest share plus the margin; min_matches and min_uncommon are fixed",
    }
    outputs = {
        MODEL_FILE: json.dumps(model, indent=2, sort_keys=True) + "\n",
        PROVENANCE_FILE: json.dumps(provenance, indent=2) + "\n",
    }
    return write_or_check(outputs, check, started)


if __name__ == "__main__":
    raise SystemExit(main())
