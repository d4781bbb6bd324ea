"""Imported once, by the local pool's forkserver, before it forks any worker.

Loading the pipeline and spaCy's English model takes seconds; done here, every worker
forked from the server starts with both in memory (shared, copy-on-write), so a pool
that restarts after a worker died is ready at once. Nothing here may fail loudly: a
worker that starts cold still works.
"""

from __future__ import annotations


def warm() -> None:
    from .._child_processes import die_with_parent

    die_with_parent()  # the forkserver ends with the batch process that started it
    try:
        from .. import analyze_work
        from ..readers import read_bytes
        from ..stages import nlp

        nlp.load()
        analyze_work(read_bytes('The Lamp\n\n"Go back to bed," Wren said.\n\nTomas did not go back to bed.\n'.encode(), "warm.txt"))
    except Exception:  # noqa: BLE001 - see the module's docstring
        pass


warm()
