"""Many works at once: every local core by default, or a Dask cluster.

    from ficscope.batch import run_batch

    result = run_batch(["downloads/"], db="works.sqlite")            # a local process pool
    result = run_batch(["/shared/works"], out="results.parquet",
                       scheduler="tcp://scheduler:8786")              # a Dask cluster

Workers only read and analyse; this process is the single writer to the library or
the output file. A rerun skips works already stored (by content hash), so an
interrupted batch finishes where it stopped.
"""

from __future__ import annotations

from ._discover import WORK_SUFFIXES, Found, Unmatched, discover
from ._local import default_workers
from ._run import BatchResult, Failure, Observer, Status, run_batch
from ._sinks import PARQUET_ROWS, flat_row, open_sink, parquet_schema

__all__ = [
    "PARQUET_ROWS",
    "WORK_SUFFIXES",
    "BatchResult",
    "Failure",
    "Found",
    "Observer",
    "Status",
    "Unmatched",
    "default_workers",
    "discover",
    "flat_row",
    "open_sink",
    "parquet_schema",
    "run_batch",
]
