"""Bulk work (an import's tens of thousands of records) without the cyclic GC's passes.

Python's cyclic collector runs whenever enough new objects have been made, and its full
passes go over every live object: an import that builds 11k cards beside a 10k-card deck
already in memory pays for many such passes that find nothing (the records it builds
hold no cycles). Measured on the 10k-note Anki import (tests/bench/bench_import_apkg.py):
30% of its CPU time, half of the deck write. Inside `collecting_later()` the collector
waits; it resumes as it was when the block ends, and then collects as usual.

What the block built is moved to the oldest generation as it ends (gc.freeze, then
gc.unfreeze), so that the young collections that follow do not go over it all again
(at 11k imported cards: three passes over half a million objects, 30-100 ms each) and
the next full collection, when the collector's own rule calls for one, takes it in.

A screen that holds a big library's records for as long as it is open (the reviewer of a
100k-card deck: half a million objects) leaves them out of the collector's passes
altogether while it is open (`leave_out_of_collection`, gc.freeze): the widgets each card
mounts and drops make a full pass due every few cards, and a pass over those records took
400 ms, a freeze of the screen. Reference counting still frees what is frozen; only a
cycle among them waits until `collect_again` (the screen's unmount) gives them back.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: What holds its records out of the collector's passes (leave_out_of_collection), by id,
#: and the lock that keeps a bulk block's unfreeze from thawing them.
_holders: set[int] = set()
_freezing = threading.Lock()


@contextmanager
def collecting_later() -> Iterator[None]:
    """Hold the cyclic GC for the block (nested blocks: the outermost one resumes it; the
    collector is the process's, so a thread's block holds it for every thread)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            with _freezing:
                # Nothing here is ever frozen for good (no fork server), so unfreezing right
                # away only moves every object to the oldest generation, unscanned. Not
                # while a screen holds its records out: a freeze now would also freeze
                # what has become garbage since (a closed card form: widgets in cycles),
                # so what the block built goes through the young collections instead.
                if not _holders:
                    gc.freeze()
                    gc.unfreeze()
            gc.enable()


def leave_out_of_collection(holder: object) -> None:
    """Every object alive now is left out of the cyclic GC's passes until `holder` calls
    collect_again (several holders: until the last one does)."""
    with _freezing:
        _holders.add(id(holder))
        gc.collect(1)  # the young garbage first (cheap): it is not frozen with the rest
        gc.freeze()


def collect_again(holder: object) -> None:
    """`holder` is done (nothing if it held nothing): once no holder is left, what was
    left out goes back to the collector (the oldest generation: its next full pass)."""
    with _freezing:
        if id(holder) not in _holders:
            return
        _holders.discard(id(holder))
        if not _holders:
            gc.unfreeze()


def collect_everything_again() -> None:
    """No holder is left (a process starting over: each test)."""
    with _freezing:
        _holders.clear()
        gc.unfreeze()
