"""Python's cyclic garbage collector, paused while a large file is checked or loaded."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Hold off the cyclic collector for the block; as it was afterwards.

    Loading 750,000 answers, or verifying their log, makes millions of small objects
    and no cycles (reference counting frees them all), but every full collection walks
    every object still held: 18 collections, 6 s of a 45 s load; 3 s of a 20 s verify.
    Nothing is kept longer for the pause; the collector catches up afterwards. Two
    blocks overlapping on two threads leave it enabled when both are done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
