"""Named stages of a run, timed where the work is done. A normal run has no listener (each
stage costs one check); the benchmark's clock listens (starmap/bench/pipeline.py), so it
times the runner's own stages instead of patching the code it measures."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, ParamSpec, TypeVar

# Given the stage to charge (None: only a profile detail) and the detail's name, a context
# that times the block.
Listener = Callable[[str | None, str], AbstractContextManager[Any]]
_listener: Listener | None = None

P = ParamSpec("P")
R = TypeVar("R")


def timed(stage: str | None, detail: str) -> AbstractContextManager[Any]:
    """Time a block as `detail`, charged to `stage` when one is named."""
    return nullcontext() if _listener is None else _listener(stage, detail)


def stage(
    name: str | None, detail: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Time every call of the decorated function (detail: `<stage>.<function>`)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        label = detail or (f"{name}.{function.__name__}" if name else function.__name__)

        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            if _listener is None:
                return function(*args, **kwargs)
            with _listener(name, label):
                return function(*args, **kwargs)

        return run

    return decorate


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Route every stage and detail of the block to `listener`."""
    global _listener
    previous, _listener = _listener, listener
    try:
        yield
    finally:
        _listener = previous
