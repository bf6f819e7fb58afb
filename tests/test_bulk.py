"""collecting_later holds the cyclic GC for a block and gives it back as it was; a screen
holds its records out of the GC's passes until it is done (leave_out_of_collection)."""

from __future__ import annotations

import gc

import pytest

from quizapp.bulk import collecting_later


def test_the_collector_waits_inside_and_resumes_after_even_on_error() -> None:
    assert gc.isenabled()
    with collecting_later():
        assert not gc.isenabled()
        with collecting_later():  # nested: the inner block does not resume it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collecting_later():
        raise RuntimeError("a failed import")
    assert gc.isenabled()


def test_a_collector_held_before_stays_held() -> None:
    gc.disable()
    try:
        with collecting_later():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_block_built_goes_to_the_oldest_generation_and_is_still_collected() -> None:
    import weakref

    class Node:
        other: object = None

    with collecting_later():
        kept = [[i] for i in range(1000)]
        cycle = Node()
        cycle.other = cycle
        gone = weakref.ref(cycle)
        del cycle
    assert gc.get_freeze_count() == 0  # nothing left frozen
    assert any(obj is kept[0] for obj in gc.get_objects(generation=2))  # not scanned young
    gc.collect()
    assert gone() is None  # a cycle made inside is still collected by a full collection


def test_a_holder_keeps_what_was_alive_out_until_it_is_done_even_across_bulk_blocks() -> None:
    from quizapp.bulk import collect_again, leave_out_of_collection

    records = [[i] for i in range(1000)]
    reviewer, editor = object(), object()
    leave_out_of_collection(reviewer)
    try:
        frozen = gc.get_freeze_count()
        assert frozen >= len(records)
        with collecting_later():  # the home's counts, in a thread, meanwhile
            built = [[i] for i in range(500)]
        # Not thawed by the block, nor frozen further: what it built (and any garbage
        # made since the holder froze) stays with the young collections.
        assert gc.get_freeze_count() == frozen
        assert any(obj is built[0] for obj in gc.get_objects())
        leave_out_of_collection(editor)  # a second holder
        collect_again(editor)
        collect_again(object())  # one that never held: nothing
        assert gc.get_freeze_count() > 0  # the first still holds
    finally:
        collect_again(reviewer)
    assert gc.get_freeze_count() == 0
