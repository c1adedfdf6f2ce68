"""Wall time and peak memory per pipeline stage, measured without touching the pipeline.

A `StageClock` keeps a stack of named stages. Time is charged to the innermost stage
(exclusive time), so a stage nested inside another (validation inside an ingest asset) is
not counted twice. A sampler thread reads the resident memory of this process and its
children every `interval_s` and keeps the peak per stage and overall.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psutil

MIB = 1024 * 1024


def tree_rss_bytes(process: psutil.Process) -> int:
    """Resident memory of a process and all its children, in bytes."""
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # a child that ended between listing and reading
    return total


@dataclass
class StageTotals:
    """What one stage cost: exclusive wall seconds and the peak RSS seen while it ran."""

    seconds: float = 0.0
    peak_rss_bytes: int = 0


@dataclass
class StageClock:
    """Exclusive wall time and sampled peak RSS per named stage."""

    interval_s: float = 0.05
    stages: dict[str, StageTotals] = field(default_factory=dict)
    details: dict[str, float] = field(default_factory=dict)  # inclusive timers, for profiling
    peak_rss_bytes: int = 0
    cpu_s: float = 0.0  # CPU seconds of the process over the run, set by whoever timed it
    _stack: list[tuple[str, float]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def elapsed(self) -> float:
        """Seconds charged to every stage so far (the running one up to now)."""
        with self._lock:
            running = time.perf_counter() - self._stack[-1][1] if self._stack else 0.0
            return running + sum(t.seconds for t in self.stages.values())

    def start(self) -> StageClock:
        """Start sampling memory (a daemon thread)."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._sample, name="bench-rss", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop sampling; take one last sample."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._record(tree_rss_bytes(psutil.Process(os.getpid())))

    def _sample(self) -> None:
        me = psutil.Process(os.getpid())
        while not self._stop.is_set():
            self._record(tree_rss_bytes(me))
            self._stop.wait(self.interval_s)

    def _record(self, rss: int) -> None:
        with self._lock:
            self.peak_rss_bytes = max(self.peak_rss_bytes, rss)
            if self._stack:
                totals = self.stages.setdefault(self._stack[-1][0], StageTotals())
                totals.peak_rss_bytes = max(totals.peak_rss_bytes, rss)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Charge the time of the block (minus nested stages) to `name`."""
        now = time.perf_counter()
        with self._lock:
            if self._stack:  # pause the enclosing stage
                outer, since = self._stack[-1]
                self.stages.setdefault(outer, StageTotals()).seconds += now - since
            self._stack.append((name, now))
            self.stages.setdefault(name, StageTotals())
        self._record(tree_rss_bytes(psutil.Process(os.getpid())))
        try:
            yield
        finally:
            now = time.perf_counter()
            with self._lock:
                _, since = self._stack.pop()
                self.stages[name].seconds += now - since
                if self._stack:  # resume the enclosing stage from now
                    outer, _ = self._stack[-1]
                    self._stack[-1] = (outer, now)

    @contextmanager
    def detail(self, name: str) -> Iterator[None]:
        """An inclusive timer that does not change which stage is charged."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.details[name] = self.details.get(name, 0.0) + time.perf_counter() - started
