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
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
            # Nothing here is ever frozen for good (no fork server), so unfreezing right
            # away only moves every object to the oldest generation, unscanned.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
