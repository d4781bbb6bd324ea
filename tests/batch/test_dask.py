"""The Dask path for real: a LocalCluster of two worker processes started here, the
batch sent to it by address, one worker killed mid-batch, and the stored analyses
identical to the local run's, each work once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ficscope.batch import run_batch
from ficscope.batch import _run
from ficscope.batch._backend import Lost
from tests.batch.conftest import Batched, Collection, stored

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")


@dataclass(frozen=True)
class Cluster:
    address: str
    killed: Path  # the marker the killed worker left


@pytest.fixture(scope="module")
def cluster(collection: Collection, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Two single-threaded worker processes, one of which kills itself the first time
    it starts on the third work (the workers take the environment set before they start)."""
    trace = tmp_path_factory.mktemp("trace")
    victim = collection.names[2]
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("FICSCOPE_BATCH_TRACE", str(trace))
        environment.setenv("FICSCOPE_BATCH_KILL", victim)
        with distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0", silence_logs=50
        ) as local_cluster:
            yield Cluster(local_cluster.scheduler_address, trace / f"killed-{victim}")


def test_dask_cluster_results_are_identical_to_the_local_run_though_a_worker_was_killed(
    cluster: Cluster, collection: Collection, local_batch: Batched, tmp_path: Path
) -> None:
    db = tmp_path / "library.sqlite"
    result = run_batch([collection.directory], db=db, scheduler=cluster.address)
    assert cluster.killed.exists(), "no worker was killed"
    assert (result.backend, result.workers) == ("dask", 2)
    assert (result.stored, result.failures) == (collection.count, [])
    assert stored(db) == stored(local_batch.db)  # each work once, the same analyses


def test_dask_scheduler_address_from_the_environment_reaches_the_cluster(
    cluster: Cluster, collection: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from ficscope.cli import app

    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.address)
    out = tmp_path / "results.jsonl"
    done = CliRunner().invoke(app, ["batch", str(collection.directory / "downloads"), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "Dask worker" in done.stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_unreachable_scheduler_is_one_clear_error() -> None:
    from ficscope.batch._dask import DaskCluster
    from ficscope.errors import SchedulerError

    with pytest.raises(SchedulerError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskCluster("tcp://127.0.0.1:9", timeout=1)


def test_work_that_kills_every_dask_worker_it_meets_fails_alone(collection: Collection, tmp_path: Path) -> None:
    poison = collection.names[1]
    trace = tmp_path / "trace"
    trace.mkdir()
    paths = [collection.directory / name for name in collection.names[:4]]  # one task of four works
    with pytest.MonkeyPatch.context() as environment, dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        environment.setenv("FICSCOPE_BATCH_TRACE", str(trace))
        environment.setenv("FICSCOPE_BATCH_KILL_EVERY_TIME", poison)
        with distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0", silence_logs=50
        ) as local_cluster:
            result = run_batch(paths, db=tmp_path / "library.sqlite", scheduler=local_cluster.scheduler_address)
    assert [f.path for f in result.failures] == [str(collection.directory / poison)]
    assert "the cluster lost a worker each time it ran this work" in result.failures[0].reason
    assert result.stored == 3


class _SharedFateCluster:
    """A cluster whose dying worker takes every task in flight with it: the worst case of
    a scheduler that queued innocent works on the worker the poisoned one kills."""

    name = "dask"
    works_per_task = 4
    workers = 2

    def __init__(self, poison: str) -> None:
        self.poison = poison

    def results(self, task, items):  # type: ignore[no-untyped-def]
        batch = list(items)
        if any(self.poison in path for chunk in batch for path in chunk):
            for chunk in batch:
                yield chunk, Lost("the cluster lost a worker each time it ran this work")
            return
        for chunk in batch:
            yield chunk, task(chunk)

    def close(self) -> None:
        pass


def test_works_that_only_shared_a_worker_with_the_one_that_kills_are_not_failed(
    collection: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    poison = collection.names[1]
    monkeypatch.setattr(_run, "_backend", lambda workers, scheduler: _SharedFateCluster(poison))
    paths = [collection.directory / name for name in collection.names[:4]]
    result = run_batch(paths, db=tmp_path / "library.sqlite", scheduler="tcp://unused")
    assert [f.path for f in result.failures] == [str(collection.directory / poison)]
    assert result.stored == 3


def test_a_cluster_that_returns_nothing_gives_up_the_works_in_flight_instead_of_waiting_forever() -> None:
    import time

    from ficscope.batch._dask import DaskCluster

    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=1, dashboard_address=":0", silence_logs=50) as local:
        cluster = DaskCluster(local.scheduler_address, stall_seconds=0.5)
        try:
            started = time.monotonic()
            results = list(cluster.results(time.sleep, [3.0]))
            assert time.monotonic() - started < 2.5
        finally:
            cluster.close()
    assert len(results) == 1 and results[0][0] == 3.0
    assert isinstance(results[0][1], Lost) and "returned nothing for 0.5 s" in results[0][1].reason
