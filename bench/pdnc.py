"""PDNC's annotated novels: full text, gold quotations with speaker and quote type, cast.

    from bench.pdnc import novels
    for novel in novels("dev"):
        novel.text, novel.quotations, novel.cast

The data (Vishnubhotla, Hammond & Hirst, LREC 2022; see its README.md) lives in
``../shared/data/pdnc`` beside this checkout, or wherever ``FICSCOPE_PDNC`` points.
``SPLIT.tsv`` assigns 17 novels to ``train`` (fit on these) and 5 to ``dev`` (report).
``quoteByteSpans`` are character offsets into ``novel_text.txt``; a quotation broken by
a tag has several sub-spans.
"""

from __future__ import annotations

import ast
import csv
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from bench.speaker_match import Cast, words
from ficscope.stages.speakers import NARRATOR

ENV_VAR = "FICSCOPE_PDNC"
DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "pdnc"
QUOTE_TYPES = ("Explicit", "Anaphoric", "Implicit")


class PdncMissing(FileNotFoundError):
    """The PDNC directory is not where we look for it."""


class PdncFormatError(ValueError):
    """A PDNC file does not hold what the format says."""


@dataclass(frozen=True, slots=True)
class GoldQuotation:
    id: str
    spans: tuple[tuple[int, int], ...]  # character offsets into the novel's text
    speaker: str  # the character's main name, as character_info.csv spells it
    addressees: tuple[str, ...]
    quote_type: str  # Explicit, Anaphoric, Implicit, or Unknown where the data leaves it out
    referring: str = ""  # the tag's words naming the speaker ("he had said", "I asked")


@dataclass(slots=True)
class Novel:
    name: str
    split: str
    narrative_person: int
    text: str
    quotations: list[GoldQuotation]
    cast: dict[str, tuple[str, ...]]  # main name -> every name and alias
    genders: dict[str, str]  # main name -> "M", "F", ...

    @property
    def narrator(self) -> str | None:
        """A first-person novel's narrator: whoever speaks most of the lines tagged "I ..."."""
        if self.narrative_person != 1:
            return None
        counts = Counter(q.speaker for q in self.quotations if "i" in words(q.referring))
        return max(sorted(counts), key=lambda who: counts[who]) if counts else None

    def scoring_cast(self) -> Cast:
        """The cast for the strict rule; the narrator is also "the narrator", ficscope's
        name for a first-person narrator nobody names."""
        names = dict(self.cast)
        if self.narrator:
            names[self.narrator] = (*names[self.narrator], NARRATOR)
        return Cast(names)


def data_dir() -> Path:
    path = Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else DEFAULT_DIR
    if not (path / "SPLIT.tsv").is_file():
        raise PdncMissing(f"{path}: no PDNC data here (SPLIT.tsv missing); set {ENV_VAR} to its directory.")
    return path


def split_table(root: Path | None = None) -> list[dict[str, str]]:
    root = root or data_dir()
    with open(root / "SPLIT.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def novels(split: str = "dev", root: Path | None = None, only: str | None = None) -> list[Novel]:
    """The novels of ``split`` ("train", "dev" or "all"), sorted by name."""
    if split not in ("train", "dev", "all"):
        raise ValueError(f"split must be train, dev or all, not {split!r}")
    root = root or data_dir()
    rows = sorted(split_table(root), key=lambda r: r["novel"])
    return [
        load(root / r["novel"], r["split"], int(float(r["narrative_person"])))
        for r in rows
        if split in ("all", r["split"]) and (only is None or r["novel"] == only)
    ]


def _literal(value: str, path: Path, row: int) -> object:
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError) as error:
        raise PdncFormatError(f"{path}: row {row}: cannot read {value[:40]!r} ({error})") from None


def load(folder: Path, split: str = "", narrative_person: int = 3) -> Novel:
    text = (folder / "novel_text.txt").read_text(encoding="utf-8")
    cast: dict[str, tuple[str, ...]] = {}
    genders: dict[str, str] = {}
    path = folder / "character_info.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle), 2):
            name = row["Main Name"]
            aliases = _literal(row["Aliases"], path, i)
            cast[name] = tuple(sorted({name, *aliases}))  # type: ignore[misc]
            genders[name] = row["Gender"]
    quotations = []
    path = folder / "quotation_info.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle), 2):
            spans = tuple(tuple(s) for s in _literal(row["quoteByteSpans"], path, i))  # type: ignore[union-attr]
            addressees = tuple(_literal(row["addressees"], path, i) or ())  # type: ignore[arg-type]
            # A few rows leave the type out ("nan"): they count in the totals, under "Unknown".
            quote_type = row["quoteType"] if row["quoteType"] in QUOTE_TYPES else "Unknown"
            referring = row.get("referringExpression") or ""
            quotations.append(GoldQuotation(row["quoteID"], spans, row["speaker"], addressees, quote_type, referring))  # type: ignore[arg-type]
    quotations.sort(key=lambda q: q.spans[0])
    return Novel(folder.name, split, narrative_person, text, _canonical_speakers(quotations, cast), cast, genders)


def _canonical_speakers(quotations: list[GoldQuotation], cast: dict[str, tuple[str, ...]]) -> list[GoldQuotation]:
    """Speakers as their main names: the annotators sometimes wrote an alias ("Lucy" for
    "Lucy Honeychurch", "Mrs Beaver" for "Mrs. Beaver"). A speaker no alias matches joins
    the cast under the name given."""
    by_form: dict[tuple[str, ...], set[str]] = {}
    for main, aliases in cast.items():
        for alias in aliases:
            by_form.setdefault(words(alias), set()).add(main)
    resolved = []
    for q in quotations:
        speaker = q.speaker.strip()
        if speaker not in cast:
            owners = by_form.get(words(speaker), set())
            if len(owners) == 1:
                speaker = next(iter(owners))
            else:
                cast[speaker] = (speaker,)
        resolved.append(replace(q, speaker=speaker) if speaker != q.speaker else q)
    return resolved
