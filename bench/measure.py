"""Timing and peak memory of fresh processes, shared by the benchmarks."""

from __future__ import annotations

import subprocess
import sys
import time

# VmHWM is the peak resident size of the process image; execve starts it afresh, so (unlike
# a child's ru_maxrss, which counts the forked parent's pages) it measures only the run itself.
REPORT_PEAK = (
    "\nimport sys\n"
    "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')), file=sys.stderr)\n"
)


def installed_okrtui() -> str:
    """The okrtui installed beside this Python (a regular install: see the README), else exit."""
    import os
    import shutil

    found = shutil.which("okrtui", path=os.path.dirname(sys.executable)) or shutil.which("okrtui")
    if found is None:
        sys.exit("okrtui is not installed in this environment (pip install .)")
    return found


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def peak_mib(code: str, args: list[str] = (), env: dict | None = None) -> float:
    """Peak resident MiB of `python -c code args` (Linux: reads /proc/self/status at the end)."""
    proc = subprocess.run([sys.executable, "-c", code + REPORT_PEAK, *args], check=True, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(proc.stderr.strip().splitlines()[-1]) / 1024
