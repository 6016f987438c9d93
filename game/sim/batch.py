"""Many headless games at once: one worker process per core, results in the order asked.

Each game is deterministic on its own (content + scenario + seed + actions), so games can
run in any process and in any order; ``play_many`` hands them out to worker processes and
gives the results back in the order of ``items``, so a batch's figures do not depend on how
many workers played it.

Workers are forked from the calling process where the system allows it (Linux): they start
with its loaded content and compiled kernels, so a worker costs nothing to start.  Elsewhere
they are spawned and each loads the content once (``shared_content``).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, TypeVar

from game.content import load_content
from game.content.loader import Content
from game.runtime import settle_after_loading

T = TypeVar("T")
R = TypeVar("R")

_LOADED: dict[str, Content] = {}  # per process: the content each folder holds, loaded once


def shared_content(root: str | None = None) -> Content:
    """The content of ``root`` (default: the game's own), loaded once per process; a forked
    worker finds what its parent loaded."""
    key = root or ""
    found = _LOADED.get(key)
    if found is None:
        found = _LOADED[key] = load_content(root)
        settle_after_loading()
    return found


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def play_many(task: Callable[[T], R], items: Iterable[T], workers: int = 1) -> list[R]:
    """``[task(x) for x in items]``, played by ``workers`` processes (1: in this process).

    ``task`` must be a module-level function (or a functools.partial of one) so a worker can
    find it; its results come back in the order of ``items``."""
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        return [task(x) for x in items]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    workers = min(workers, len(items))
    # a few chunks per worker: big enough to keep the hand-out cheap, small enough that
    # no worker is left with a long tail while the others wait
    chunk = max(1, len(items) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(task, items, chunksize=chunk))
