"""The JSON API under ``/api``: the same searches, works, chapters and uploads as the
pages, described by the OpenAPI document at ``/openapi.json``.

Requests that change the library (upload, remove) must carry an ``X-Requested-With``
header (any value): a page on another site cannot add one without a CORS preflight,
which this app never grants.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from pydantic import BaseModel, TypeAdapter

from ..errors import CrossSiteError
from ..library import AddResult, FacetCount, RemoveResult, Results
from ._params import SearchParams
from ._security import API_HEADER
from ._state import state
from ._upload import read_form

WorkId = Annotated[int, Path(ge=1, le=2**62, description="The work's number in the library.")]
Version = Annotated[int | None, Query(ge=1, le=2**62, description="A stored version instead of the current one.")]


class ErrorBody(BaseModel):
    """Every error: one line saying what went wrong, and ficscope's stable error code."""

    detail: str
    code: str


class ChapterText(BaseModel):
    work_id: int
    version: int
    number: int
    title: str | None
    text: str


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody} for status in statuses}


def require_api_header(
    requested_with: Annotated[
        str | None,
        Header(
            alias=API_HEADER,
            description="Any value; required on requests that change the library (a guard against cross-site requests).",
        ),
    ] = None,
) -> None:
    if not requested_with or not requested_with.strip():
        raise CrossSiteError(f"send the header {API_HEADER} (any value) with requests that change the library")


router = APIRouter(prefix="/api", tags=["library"])
_changes = [Depends(require_api_header)]


_RESULTS = TypeAdapter(Results)


@router.get("/works", responses=_errors(422), response_model=Results)
async def list_works(request: Request, params: Annotated[SearchParams, Query()]) -> Response:
    """Works matching the query and filters, a page at a time; with ``q``, each has a snippet."""
    library = state(request).library
    body = await library.answer(
        ("works json", request.url.query),
        lambda: _RESULTS.dump_json(
            library.search(params.q, params.filters(), params.sort, limit=params.limit, offset=params.offset)
        ),
    )
    return Response(body, media_type="application/json")


_FACETS = TypeAdapter(dict[str, list[FacetCount]])


@router.get("/facets", responses=_errors(422), response_model=dict[str, list[FacetCount]])
async def facets(request: Request, params: Annotated[SearchParams, Query()]) -> Response:
    """How many matching works carry each rating, warning, category, fandom,
    relationship, character, additional tag, trigger label and language."""
    library = state(request).library
    body = await library.answer(
        ("facets json", request.url.query), lambda: _FACETS.dump_json(library.facets(params.filters(), params.q))
    )
    return Response(body, media_type="application/json")


@router.get("/works/{work_id}", responses=_errors(404))
def get_work(request: Request, work_id: WorkId, version: Version = None) -> dict[str, Any]:
    """One stored work: its summary, its versions, its content hash and its analysis."""
    return state(request).library.get(work_id, version=version).as_dict()


@router.get("/works/{work_id}/analysis", responses=_errors(404))
def get_analysis(request: Request, work_id: WorkId, version: Version = None) -> dict[str, Any]:
    """The stored analysis exactly as ``ficscope analyze --format json`` prints it
    (schema_version "1", ``src/ficscope/schema/analysis.schema.json``)."""
    return state(request).library.get(work_id, version=version).analysis


@router.get("/works/{work_id}/chapters/{number}", responses=_errors(404))
def get_chapter(
    request: Request,
    work_id: WorkId,
    number: Annotated[int, Path(ge=1, le=2**31, description="The chapter, from 1.")],
    version: Version = None,
) -> ChapterText:
    """A chapter's story text, exactly as the reader produced it."""
    library = state(request).library
    stored = library.get(work_id, version=version)
    text = library.chapter_text(work_id, number, version=version)
    chapter = stored.analysis["chapters"][number - 1]
    return ChapterText(work_id=work_id, version=stored.summary.version, number=number, title=chapter["title"], text=text)


_UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "The work: pasted text, AO3 HTML or EPUB, FanFicFare EPUB.",
                    },
                    "text": {"type": "string", "description": "Or the work's text, pasted."},
                },
            }
        }
    },
}


@router.post(
    "/works",
    status_code=201,
    dependencies=_changes,
    openapi_extra={"requestBody": _UPLOAD_BODY},
    responses={200: {"description": "That text is stored already", "model": AddResult}, **_errors(400, 403, 413, 422)},
)
async def upload_work(request: Request, response: Response) -> AddResult:
    """Analyse an uploaded work and store it: 201 when added as a new work or a new
    version of one, 200 when the same text is stored already."""
    web = state(request)
    result = await web.add(await read_form(request, web.max_upload_bytes))
    if result.status == "exists":
        response.status_code = 200
    return result


@router.delete("/works/{work_id}", dependencies=_changes, responses=_errors(403, 404))
def remove_work(request: Request, work_id: WorkId, version: Version = None) -> RemoveResult:
    """Remove a work with all its versions, or one version of it."""
    return state(request).library.remove(work_id, version=version)
