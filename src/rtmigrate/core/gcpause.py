"""Pausing Python's cycle collector while files are analysed.

A parse allocates a great many objects and no reference cycles among them,
so the collector finds nothing; left on, it keeps re-examining every tree
and every result held so far, which cost about a quarter of a run. Memory
is still freed as usual by reference counting; an occasional full
collection catches the rare cycle.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

COLLECT_EVERY = 500  # files between full collections during a long run


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off inside (nesting is fine), as it was after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def without_gc(function: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(function)
    def run(*args, **kwargs) -> T:
        with paused():
            return function(*args, **kwargs)

    return run


def tick(count: int) -> None:
    """Call once per file finished: collects cycles every ``COLLECT_EVERY`` files."""
    if count % COLLECT_EVERY == 0:
        gc.collect()
