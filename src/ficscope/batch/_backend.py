"""What the runner asks of a backend (the local pool or a Dask cluster)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

Item = TypeVar("Item", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Lost:
    """A task given up after its worker was lost, and why."""

    reason: str


class Backend(Protocol):
    name: str
    works_per_task: int  # works sent in one task: 1 locally; a few on a cluster, whose scheduler costs ms a task

    @property
    def workers(self) -> int:
        """How many tasks run at once."""

    def results(self, task: Callable[[Item], Any], items: Iterable[Item]) -> Iterator[tuple[Item, Any]]:
        """``(item, task(item))`` or ``(item, Lost)`` for every item, as they finish."""

    def close(self) -> None:
        """Stop: cancel what has not run, release the workers."""
