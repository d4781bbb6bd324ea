"""The pages: the library with its filter sidebar, a work, a chapter, the add form."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import CrossSiteError, FicscopeError, FilterError
from ..library import Library
from ..render import _view
from . import _sidebar
from ._params import SearchParams
from ._render import page
from ._state import WebState, state, status_for
from ._upload import megabytes, read_form

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

WorkId = Annotated[int, Path(ge=1, le=2**62)]
Version = Annotated[int | None, Query(ge=1, le=2**62)]
Added = Literal["added", "new-version", "exists"]


def _library_page(request: Request, web: WebState, params: SearchParams, removed: int | None) -> HTMLResponse:
    library = web.library
    error: str | None = None
    try:
        filters = params.filters()
        results = library.search(params.q, filters, params.sort, limit=params.limit, offset=params.offset)
        facets = library.facets(filters, params.q, limit=_sidebar.COUNTED_PER_KIND)
    except FilterError as exc:
        error, results, facets = exc.message, None, library.facets(limit=_sidebar.COUNTED_PER_KIND)
    return page(
        "library.html.j2",
        status_code=422 if error else 200,
        params=params,
        results=results,
        error=error,
        groups=_sidebar.groups(facets, params),
        triggers=_sidebar.triggers(facets, params),
        severities=_sidebar.SEVERITIES,
        query_items=list(request.query_params.multi_items()),
        removed=removed,
        library_size=len(library),
    )


@router.get("/")
async def library_page(
    request: Request,
    params: Annotated[SearchParams, Query()],
    removed: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> HTMLResponse:
    # The page holds no form token: it depends only on the address and the library.
    web = state(request)
    status, body = await web.library.answer(
        ("library page", request.url.query), lambda: _rendered(_library_page(request, web, params, removed))
    )
    return HTMLResponse(body, status_code=status)


def _rendered(response: HTMLResponse) -> tuple[int, bytes]:
    return response.status_code, bytes(response.body)


@router.get("/works/{work_id}")
async def work_page(
    request: Request,
    work_id: WorkId,
    version: Version = None,
    spoilers: bool = False,
    added: Added | None = None,
) -> HTMLResponse:
    library = state(request).library
    # The stored work and its report are kept; the page is rendered each time for its form token.
    stored, report = await library.answer(
        ("work report", work_id, version),
        lambda: (library.get(work_id, version=version), _view.build(library.analysis(work_id, version=version))),
    )
    return page(
        "work.html.j2",
        stored=stored,
        work=stored.summary,
        report=report,
        version_query="" if stored.summary.current else f"?version={stored.summary.version}",
        spoilers=spoilers,
        added=added,
        csrf_token=state(request).tokens.issue(),
    )


@router.get("/works/{work_id}/chapters/{number}")
async def chapter_page(
    request: Request, work_id: WorkId, number: Annotated[int, Path(ge=1, le=2**31)], version: Version = None
) -> HTMLResponse:
    # Like the library page, a chapter holds no form token.
    library = state(request).library
    status, body = await library.answer(
        ("chapter page", work_id, number, version), lambda: _rendered(_chapter_page(library, work_id, number, version))
    )
    return HTMLResponse(body, status_code=status)


def _chapter_page(library: Library, work_id: int, number: int, version: int | None) -> HTMLResponse:
    stored = library.get(work_id, version=version)
    text = library.chapter_text(work_id, number, version=version)
    chapters = stored.analysis["chapters"]
    return page(
        "chapter.html.j2",
        work=stored.summary,
        chapter=chapters[number - 1],
        chapter_count=len(chapters),
        text=text,
        version_query="" if version is None else f"?version={version}",
    )


def _add_form(request: Request, *, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    web = state(request)
    return page(
        "add.html.j2",
        status_code=status_code,
        csrf_token=web.tokens.issue(),
        limit=megabytes(web.max_upload_bytes),
        error=error,
    )


@router.get("/add")
def add_page(request: Request) -> HTMLResponse:
    return _add_form(request)


@router.post("/add")
async def add_work(request: Request) -> Response:
    web = state(request)
    try:
        upload = await read_form(request, web.max_upload_bytes)
        if not web.tokens.valid(upload.fields.get("csrf_token")):
            raise CrossSiteError("this form has expired or did not come from this app: reload the page and try again")
        result = await web.add(upload)
    except FicscopeError as exc:
        return _add_form(request, error=str(exc), status_code=status_for(exc))
    return RedirectResponse(f"/works/{result.id}?version={result.version}&added={result.status}", status_code=303)


@router.post("/works/{work_id}/remove")
async def remove_work(request: Request, work_id: WorkId) -> Response:
    web = state(request)
    form = await request.form(max_files=0, max_fields=4, max_part_size=4096)
    if not web.tokens.valid(str(form.get("csrf_token", ""))):
        raise CrossSiteError("this form has expired or did not come from this app: reload the page and try again")
    version_text = str(form.get("version", "")).strip()
    version = int(version_text) if version_text.isdigit() and len(version_text) < 10 else None
    result = await run_in_threadpool(web.library.remove, work_id, version=version)
    if result.current_version is not None:
        return RedirectResponse(f"/works/{work_id}", status_code=303)
    return RedirectResponse(f"/?removed={work_id}", status_code=303)


def error_page(status_code: int, message: str) -> HTMLResponse:
    return page("error.html.j2", status_code=status_code, status=status_code, message=message)

