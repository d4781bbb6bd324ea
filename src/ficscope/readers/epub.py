"""The EPUB container: zip, ``META-INF/container.xml``, the OPF package and its spine.

Format-specific readers (AO3's calibre EPUB, FanFicFare's) build on ``EpubPackage``.
Every failure here is a ``MalformedEpubError`` naming what is wrong.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree

from ..errors import MalformedEpubError, TooLargeError
from .htmltext import local_name, parse_html

# A zip bomb guard: the markup an EPUB may inflate to, by default. Counted from the
# bytes really inflated, never from the sizes the zip's headers claim.
MAX_UNPACKED_BYTES = 80 * 1024 * 1024
_CHUNK = 64 * 1024
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=True)


@dataclass(slots=True)
class ManifestItem:
    id: str
    href: str  # resolved path inside the zip
    media_type: str


@dataclass(slots=True)
class EpubPackage:
    """An opened EPUB: OPF metadata (Dublin Core, by local name) and the spine in order."""

    archive: zipfile.ZipFile
    opf_path: str
    metadata: dict[str, list[str]] = field(default_factory=dict)
    meta_elements: list[etree._Element] = field(default_factory=list)
    manifest: dict[str, ManifestItem] = field(default_factory=dict)
    spine: list[ManifestItem] = field(default_factory=list)
    budget: int = MAX_UNPACKED_BYTES  # bytes the whole package may inflate to
    inflated: int = 0
    _cache: dict[str, bytes] = field(default_factory=dict)

    def first(self, name: str) -> str | None:
        values = self.metadata.get(name)
        return values[0] if values else None

    def read(self, path: str) -> bytes:
        if path in self._cache:
            return self._cache[path]
        try:
            data = self._inflate(path)
        except TooLargeError:
            raise
        except KeyError:
            raise MalformedEpubError(f"EPUB is missing {path}, which its package lists") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise MalformedEpubError(f"EPUB entry {path} is corrupted ({exc})") from None
        except Exception as exc:  # zlib.error and friends from a damaged stream
            raise MalformedEpubError(f"EPUB entry {path} is corrupted ({exc})") from None
        self._cache[path] = data
        return data

    def _inflate(self, path: str) -> bytes:
        chunks = []
        with self.archive.open(path) as stream:
            while chunk := stream.read(_CHUNK):
                self.inflated += len(chunk)
                if self.inflated > self.budget:
                    raise TooLargeError(
                        f"EPUB unpacks to over {self.budget / 1048576:.0f} MB, the limit for one work's markup "
                        "(twice --max-mb; --max-mb raises it)"
                    )
                chunks.append(chunk)
        return b"".join(chunks)

    def html(self, item: ManifestItem) -> etree._Element:
        data = self.read(item.href)
        _refuse_entities(data, f"EPUB chapter file {item.href}")
        try:
            return parse_html(data)
        except (ValueError, etree.ParserError) as exc:
            raise MalformedEpubError(f"EPUB chapter file {item.href} is not readable HTML ({exc})") from None

    def spine_documents(self) -> list[ManifestItem]:
        return [item for item in self.spine if "html" in item.media_type or item.href.endswith((".xhtml", ".html", ".htm"))]


def _refuse_entities(data: bytes, what: str) -> None:
    """No EPUB maker declares its own entities; a file that does is built to blow up
    (the "billion laughs") or to read other files, so it is refused, not expanded."""
    if b"<!ENTITY" in data:  # XML keywords are case-sensitive
        raise MalformedEpubError(f"{what} declares its own XML entities (an entity bomb); refusing to read it")


def _parse_xml(data: bytes, what: str) -> etree._Element:
    _refuse_entities(data, what)
    try:
        root = etree.fromstring(data, parser=_XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise MalformedEpubError(f"{what} is not valid XML ({exc})") from None
    if root is None:
        raise MalformedEpubError(f"{what} is empty")
    return root


def open_epub(data: bytes, *, budget: int = MAX_UNPACKED_BYTES) -> EpubPackage:
    """Open ``data`` as an EPUB and read its package document; stop once the entries
    read have inflated to more than ``budget`` bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise MalformedEpubError(f"not a readable EPUB: the zip archive is damaged ({exc})") from None
    names = {info.filename for info in infos}
    package = EpubPackage(archive=archive, opf_path="", budget=budget)
    opf_path = package.opf_path = _find_opf(package, names)
    root = _parse_xml(package.read(opf_path), f"EPUB package {opf_path}")
    _read_opf(package, root)
    if not package.spine_documents():
        raise MalformedEpubError("EPUB has no chapters: its spine lists no HTML documents")
    return package


def _find_opf(package: EpubPackage, names: set[str]) -> str:
    if "META-INF/container.xml" in names:
        try:
            container = etree.fromstring(package.read("META-INF/container.xml"), parser=_XML_PARSER)
        except etree.XMLSyntaxError:
            container = None
        if container is not None:
            for node in container.iter():
                if local_name(node.tag) == "rootfile":
                    path = node.get("full-path")
                    if path and path in names:
                        return path
                    if path:
                        raise MalformedEpubError(f"EPUB is missing its package file {path}")
    candidates = sorted(name for name in names if name.endswith(".opf"))
    if not candidates:
        raise MalformedEpubError("EPUB has no package (.opf) file")
    return candidates[0]


def _read_opf(package: EpubPackage, root: etree._Element) -> None:
    base = posixpath.dirname(package.opf_path)
    for node in root.iter():
        name = local_name(node.tag)
        if name is None:
            continue
        parent = node.getparent()
        parent_name = local_name(parent.tag) if parent is not None else None
        if parent_name == "metadata" or parent_name == "dc-metadata":
            if name == "meta":
                package.meta_elements.append(node)
            else:
                text = "".join(node.itertext()).strip()
                if text:
                    package.metadata.setdefault(name, []).append(text)
        elif name == "item" and parent_name == "manifest":
            href = node.get("href")
            item_id = node.get("id")
            if href and item_id:
                path = posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))
                package.manifest[item_id] = ManifestItem(item_id, path, node.get("media-type", ""))
        elif name == "itemref" and parent_name == "spine":
            item = package.manifest.get(node.get("idref", ""))
            if item is not None:
                package.spine.append(item)
