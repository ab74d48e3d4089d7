"""The collector is off inside paused_gc (nested, several threads) and back on after."""

from __future__ import annotations

import gc
import threading

import pytest

from briefreader.core.gcpause import paused_gc, without_gc


def test_paused_and_restored_when_nested() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()


def test_restored_after_an_exception_and_left_off_if_it_was_off() -> None:
    with pytest.raises(ValueError), paused_gc():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_overlapping() -> None:
    inside, leave = threading.Event(), threading.Event()

    @without_gc
    def worker() -> None:
        inside.set()
        leave.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    with paused_gc():
        pass
    assert not gc.isenabled()  # the worker is still inside
    leave.set()
    thread.join(5)
    assert gc.isenabled()
