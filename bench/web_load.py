"""The web app under load: 1, 8 and 32 clients over a library of generated works.

    .venv/bin/python bench/web_load.py [--works 10000] [--db PATH] [--seconds 10] [--cold]

Builds the library (hand-built analyses, as bench/library.py does; kept with ``--db``),
starts ``ficscope serve`` on 127.0.0.1 only, and for each client count runs that many
threads, each cycling through the library page, a search, a work page and the facets
API, for at most ``--seconds`` (and at most 400 requests a client). Prints p50/p95 per
kind. With ``--cold`` every request asks what no request asked before (a new search
word, a new word-count filter on the library page and the facets, a work not yet
shown), so no answer the server keeps can serve it. Targets at 32 clients: p95 <= 300 ms for the library page, <= 150 ms for search.
Whole run bounded: the server is killed after two minutes whatever happens.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.library import BATCH, QUERY_RANKS, Catalogue, percentiles, works  # noqa: E402
from ficscope.library import Library  # noqa: E402

CLIENTS = (1, 8, 32)
MAX_REQUESTS_PER_CLIENT = 400
RUN_LIMIT_SECONDS = 120


def build(db: Path, count: int, catalogue: Catalogue, seed: int) -> None:
    with Library(db) as library:
        if len(library) >= count:
            return
        pending = works(catalogue, count - len(library), start=len(library), seed=seed)
        while batch := list(itertools.islice(pending, BATCH)):
            library.add_many(batch, batch=BATCH)


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


Paths = list[tuple[str, Callable[[random.Random], str]]]


def warm_paths(catalogue: Catalogue, count: int, rng: random.Random) -> Paths:
    """The same few addresses asked again and again, as readers browsing do."""
    words = [catalogue.words[rank] for rank in rng.sample(QUERY_RANKS, 50)]
    searches = [f"/?q={word}" for word in words]
    works = [f"/works/{rng.randint(1, count)}" for _ in range(50)]
    return [
        ("library page", lambda r: "/"),
        ("search", lambda r: r.choice(searches)),
        ("work page", lambda r: r.choice(works)),
        ("facets", lambda r: "/api/facets"),
    ]


def cold_paths(catalogue: Catalogue, count: int, rng: random.Random) -> Paths:
    """Addresses each asked once: words of middling frequency, then pairs of them; word
    counts in a shuffled range (most works match, so the sidebar counts nearly all)."""
    words = [catalogue.words[rank] for rank in range(100, 5000)]
    rng.shuffle(words)
    searches = itertools.chain(words, (f"{a} {b}" for a, b in itertools.combinations(words, 2)))
    floors = iter(rng.sample(range(1, 10_000_000), 200_000))
    works = iter(rng.sample(range(1, count + 1), count))
    lock = threading.Lock()

    def unique(addresses: Iterator[str]) -> Callable[[random.Random], str]:
        def next_address(_: random.Random) -> str:
            with lock:
                return next(addresses)

        return next_address

    return [
        ("library page", unique(f"/?words_from={n % 3000}&words_to={n}" for n in floors)),
        ("search", unique(f"/?q={quote(query)}" for query in searches)),
        ("work page", unique(f"/works/{n}" for n in itertools.cycle(works))),
        ("facets", unique(f"/api/facets?words_from={n % 3000}&words_to={n}" for n in floors)),
    ]


def run(base: str, clients: int, paths: Paths, seconds: float) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {kind: [] for kind, _ in paths}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        rng = random.Random(number)
        with httpx.Client(base_url=base, timeout=30) as http:
            for count in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() > deadline:
                    return
                kind, address = paths[count % len(paths)]
                path = address(rng)
                started = time.perf_counter()
                response = http.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{kind}: HTTP {response.status_code}")
                with lock:
                    samples[kind].append(elapsed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="Load per client count (at most 30).")
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="Build or reuse the library here (default: a temporary directory).")
    parser.add_argument("--cold", action="store_true", help="Ask every address once (nothing served from memory).")
    args = parser.parse_args()
    seconds = min(args.seconds, 30.0)
    directory = None if args.db else tempfile.TemporaryDirectory(prefix="ficscope-web-load-")
    if directory is not None:
        args.db = Path(directory.name) / "library.sqlite"
    catalogue = Catalogue(random.Random(args.seed))
    started = time.perf_counter()
    build(args.db, args.works, catalogue, args.seed)
    print(f"library: {args.works:,} works ready in {time.perf_counter() - started:.1f} s ({args.db})")
    paths = (cold_paths if args.cold else warm_paths)(catalogue, args.works, random.Random(args.seed))
    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "ficscope", "serve", "--db", str(args.db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ),
    )
    killer = threading.Timer(RUN_LIMIT_SECONDS, server.kill)
    killer.start()
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/works", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        run(base, 1, paths, 2.0)  # warm SQLite's pages (and, unless --cold, the server's answers)
        for clients in CLIENTS:
            samples = run(base, clients, paths, seconds)
            for kind, times in samples.items():
                if not times:
                    print(f"{clients:>2} clients  {kind:<13} no request finished in time")
                    continue
                p50, p95 = percentiles(times) if len(times) > 1 else (times[0], times[0])
                print(f"{clients:>2} clients  {kind:<13} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({len(times)} requests)")
    finally:
        killer.cancel()
        server.terminate()
        server.wait(timeout=15)
        if directory is not None:
            directory.cleanup()


if __name__ == "__main__":
    main()
