"""collecting_later holds the cyclic GC for a block and gives it back as it was."""

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
