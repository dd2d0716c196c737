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


# -- the first frame as a user sees it: a real terminal (a pty), not headless -----------------

# What a sparkline is drawn from (U+2581..U+2588), as the terminal receives it (UTF-8).
SPARK_GLYPHS = tuple(chr(c).encode() for c in range(0x2581, 0x2589))


def isolated_env(home: str, term: str = "xterm-256color") -> dict:
    """This environment with HOME and the XDG folders in `home` (no config.toml, no theme files
    of the person running the bench), no OKRTUI_* or TEXTUAL_* variables, and TERM set."""
    import os

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OKRTUI_", "TEXTUAL", "XDG_")) and k not in ("NO_COLOR", "COLORTERM", "COLUMNS", "LINES")}
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        env[name] = os.path.join(home, sub)
        os.makedirs(env[name], exist_ok=True)
    env["HOME"] = home
    env["TERM"] = term
    return env


def first_frame_on_pty(cmd: list[str], env: dict | None = None, size: tuple[int, int] = (80, 24),
                       marker: tuple[bytes, ...] = SPARK_GLYPHS, timeout: float = 60.0) -> float:
    """Seconds from exec of `cmd` on a fresh pty of `size` (columns, rows) until its output first
    holds one of `marker` (by default a sparkline glyph); the process is then killed.
    The pty is the child's controlling terminal and its stdin, stdout and stderr, as in a shell."""
    import fcntl
    import os
    import select
    import signal
    import struct
    import termios

    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def controlling_terminal() -> None:  # after setsid (start_new_session), in the child
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    seen = b""
    longest = max(len(m) for m in marker)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                            start_new_session=True, preexec_fn=controlling_terminal)
    os.close(slave)
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"no first frame from {cmd[:2]} in {timeout:.0f} s; it wrote {seen[-300:]!r}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal (it ended)
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{cmd[:2]} ended before a first frame (exit {proc.wait()}); it wrote {seen[-300:]!r}")
            window = seen[-longest:] + chunk
            seen += chunk
            if any(m in window for m in marker):
                return time.perf_counter() - start
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        os.close(master)
