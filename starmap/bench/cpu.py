"""CPU time of the benchmark's process and of Spark's JVM, so figures taken on a machine
shared with other jobs can be read by what they cost in core-seconds, not only wall time."""

from __future__ import annotations

from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class CpuSeconds:
    """User + system seconds so far."""

    process_s: float  # this Python process: DuckDB's threads, pyspark's driver side
    jvm_s: float  # its `java` children: in local mode Spark's driver and every task

    def __sub__(self, earlier: CpuSeconds) -> CpuSeconds:
        return CpuSeconds(self.process_s - earlier.process_s, self.jvm_s - earlier.jvm_s)

    @property
    def total_s(self) -> float:
        return self.process_s + self.jvm_s


def _busy_s(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def cpu_seconds() -> CpuSeconds:
    """CPU seconds of this process and of the JVMs it started (read from /proc via psutil).
    A JVM that has ended is no longer counted, so read this while the session is up."""
    me = psutil.Process()
    jvm_s = 0.0
    for child in me.children(recursive=True):
        try:
            if child.name() == "java":
                jvm_s += _busy_s(child)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # a child that ended between listing and reading
    return CpuSeconds(_busy_s(me), jvm_s)
