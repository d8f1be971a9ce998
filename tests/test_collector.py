"""collector.paused: the cyclic garbage collector is off inside, and back exactly as it was however the block ends."""

from __future__ import annotations

import gc

import pytest

from kfworkbook import collector


@pytest.fixture(autouse=True)
def restore_collector():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_paused_inside_and_on_again_after() -> None:
    gc.enable()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_exception() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError("a merge that fails half-way")
    assert gc.isenabled()


def test_nested_pauses_and_a_collector_that_was_off() -> None:
    gc.enable()
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause does not turn it on under the outer one
    assert gc.isenabled()
    gc.disable()  # the CLI pauses it while a command imports: a pause inside leaves it off
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_merge_restores_the_collector_when_reading_fails(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from kfworkbook.summary import merge as merging

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(merging, "read_plans", broken)
    gc.enable()
    with pytest.raises(RuntimeError):
        merging.merge([tmp_path])
    assert gc.isenabled()
