"""Timing a whole child process for the benchmarks: wall seconds, peak memory, output, CPU seconds."""

from __future__ import annotations

import os
import subprocess
import sys
import time


def run(args: list[str]) -> tuple[float, float, str, float]:
    """Seconds, peak MB (ru_maxrss), output and CPU seconds of ``python ARGS`` run to its end.

    On a shared machine the CPU time is the steadier figure. A child that fails ends
    the benchmark with its output.
    """
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = child.stdout.read().decode("utf-8", "replace") if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed: {' '.join(args)}\n{output}")
    return took, usage.ru_maxrss / 1024, output.strip(), usage.ru_utime + usage.ru_stime
