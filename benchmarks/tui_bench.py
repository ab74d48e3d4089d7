#!/usr/bin/env python3
"""Outside-in benchmarks of terminal (Textual) programs, measured as a user sees them.

Each program runs in a real terminal: a detached session of a private tmux server
(its own ``-L`` socket, no config file) of a fixed size. The harness reads the screen
with ``capture-pane`` through one tmux control-mode client (no process is spawned per
poll, so polling every few milliseconds costs little CPU on a small machine) and
types with ``send-keys``.

``first-paint``
    Launch each target N times, alternating targets each round (and reversing the order
    every other round) so that machine noise hits all of them alike. A run has settled
    when the screen has changed at least once, the target's ``--expect`` text is visible,
    and the screen has then not changed for ``--settle-ms``; the reported time is that of
    the *last change* before settling, from launch. Peak memory is the program's maximum
    RSS from ``/usr/bin/time -v`` (or, failing that, the largest VmHWM in its process tree
    when it settled). Times are also given as a ratio to a baseline target (by default
    ``minimal``), measured in the same run.

``keys``
    Start every target in its own session and let each settle; then send each key N
    times to every target in turn (alternating the order press by press, so that
    machine noise hits all targets alike); per press, the time until the screen has
    changed and then not changed for ``--quiet-ms`` (reported: the time of the last
    change), and the time of the first change. A press with no visible change within
    ``--nochange-ms`` is counted apart, never as 0 ms.

Examples::

    python benchmarks/tui_bench.py first-paint \\
        --target 'minimal=python benchmarks/minimal_app.py' --expect 'minimal=Minimal' \\
        --target 'kjv=briefreader open /tmp/kjv.txt' --expect 'kjv=In the beginning' \\
        --json /tmp/first-paint.json
    python benchmarks/tui_bench.py keys --target 'kjv=briefreader open /tmp/kjv.txt' \\
        --expect 'kjv=In the beginning' --keys j k space b G/g g/G Tab --markdown
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import select
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

GNU_TIME = Path("/usr/bin/time")
ANSI_RE = re.compile(r"\x1b\[[0-9;:?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")
SAFE_TMUX_ARG = re.compile(r"^[A-Za-z0-9_./:@%=,+-]+$")
KEY_NAMES = {
    "space": "Space",
    "tab": "Tab",
    "btab": "BTab",
    "shift+tab": "BTab",
    "enter": "Enter",
    "return": "Enter",
    "esc": "Escape",
    "escape": "Escape",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "home": "Home",
    "end": "End",
    "pgup": "PageUp",
    "pageup": "PageUp",
    "pgdn": "PageDown",
    "pagedown": "PageDown",
    "backspace": "BSpace",
    "delete": "DC",
    "slash": "/",
}
DEFAULT_KEYS = ("j", "k", "space", "b", "G/g", "g/G", "Tab")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- tmux


class TmuxError(RuntimeError):
    pass


def tmux_quote(arg: str) -> str:
    """Quote one argument for tmux's command parser (used by control mode)."""
    if SAFE_TMUX_ARG.match(arg):
        return arg
    if "'" not in arg:
        return f"'{arg}'"
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'"{escaped}"'


def tmux_key(name: str) -> tuple[str, bool]:
    """A user key name as (tmux key, literal?): 'space' -> Space, 'ctrl+d' -> C-d, 'G' -> G."""
    low = name.lower()
    if low in KEY_NAMES:
        return KEY_NAMES[low], False
    if low.startswith(("ctrl+", "c-")) and len(name) > 2:
        return "C-" + name.split("+", 1)[-1].split("-", 1)[-1], False
    if len(name) == 1:
        return name, True
    return name, False  # a tmux key name as is: F5, NPage, M-x ...


class Tmux:
    """A private tmux server driven by one control-mode client; ``close`` kills the server."""

    def __init__(self, width: int, height: int, env: dict[str, str]) -> None:
        self.socket = f"tuibench-{os.getpid()}-{int(time.time())}"
        self.width = width
        self.height = height
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None
        self.socket_path: Path | None = None
        self._buf = b""

    def __enter__(self) -> Tmux:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=15,
            check=check,
            stdin=subprocess.DEVNULL,
        )

    def start(self) -> None:
        size = ("-x", str(self.width), "-y", str(self.height))
        # The keep-alive session doubles as a watchdog: should this process die without
        # cleaning up, it kills the server (and so every program measured) within 5 s.
        watchdog = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 5; done; "
            f'trap "" HUP; tmux -L {self.socket} kill-server; rm -f "${{TMUX%%,*}}"'
        )
        self._run("new-session", "-d", "-s", "keepalive", *size, watchdog)
        self.proc = subprocess.Popen(
            [
                "tmux",
                "-L",
                self.socket,
                "-f",
                "/dev/null",
                "-C",
                "attach-session",
                "-t",
                "keepalive",
            ],
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        # Not "window-size manual": with it tmux 3.3a crashes on the next new-session -x -y.
        for option, value in (
            ("remain-on-exit", "on"),
            ("default-size", f"{self.width}x{self.height}"),
            ("status", "off"),
            ("escape-time", "0"),
            ("history-limit", "0"),
        ):
            self.command("set-option", "-g", option, value)
        out = self.command("display-message", "-p", "#{socket_path}")
        self.socket_path = Path(out[0]) if out and out[0].startswith("/") else None

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            with contextlib.suppress(OSError, ValueError):
                assert proc.stdin is not None
                proc.stdin.close()
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            self._run("kill-server", check=False)
        if proc is not None:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
            if proc.stdout is not None:
                proc.stdout.close()
        if self.socket_path is not None:  # tmux 3.3a leaves it behind
            with contextlib.suppress(OSError):
                self.socket_path.unlink()

    def _readline(self, deadline: float) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TmuxError("tmux control client did not answer in time")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise TmuxError("tmux control client exited")
                self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return line.decode("utf-8", "replace")

    def command(self, *args: str, timeout: float = 10.0) -> list[str]:
        """Run one tmux command through the control client; return its output lines."""
        if self.proc is None or self.proc.stdin is None:
            raise TmuxError("tmux is not running")
        try:
            self.proc.stdin.write((" ".join(tmux_quote(a) for a in args) + "\n").encode())
            self.proc.stdin.flush()
        except OSError as exc:
            raise TmuxError(f"tmux control client is gone ({exc})") from None
        deadline = time.monotonic() + timeout
        block: str | None = None  # "time number" of the block being read
        ours = False
        out: list[str] = []
        while True:
            line = self._readline(deadline)
            if block is None:
                if line.startswith("%begin "):
                    parts = line.split()
                    block, ours, out = " ".join(parts[1:3]), parts[3:4] == ["1"], []
                elif line.startswith("%exit"):
                    raise TmuxError(f"tmux control client exited: {line}")
                continue  # a notification
            if line.startswith(("%end ", "%error ")) and " ".join(line.split()[1:3]) == block:
                if ours:
                    if line.startswith("%error"):
                        raise TmuxError(f"tmux {args[0]}: {' '.join(out).strip()}")
                    return out
                block = None
                continue
            out.append(line)

    def new_session(self, name: str, argv: Sequence[str], cwd: str) -> None:
        size = ("-x", str(self.width), "-y", str(self.height))
        self.command("new-session", "-d", "-s", name, *size, "-c", cwd, *argv)

    def kill_session(self, name: str) -> None:
        with contextlib.suppress(TmuxError):
            self.command("kill-session", "-t", f"={name}")

    def capture(self, name: str, styles: bool = True) -> str:
        # Targets are spelled "=NAME:" (exact session name, its pane): a bare name can
        # resolve to another session once the pane is dead.
        args = ["capture-pane", "-p", "-t", f"={name}:"]
        if styles:
            args.insert(2, "-e")
        return "\n".join(self.command(*args))

    def send_key(self, name: str, key: str) -> None:
        tkey, literal = tmux_key(key)
        if literal:
            self.command("send-keys", "-t", f"={name}:", "-l", tkey)
        else:
            self.command("send-keys", "-t", f"={name}:", tkey)

    def size(self, name: str) -> tuple[int, int] | None:
        fmt = "#{pane_width} #{pane_height}"
        out = self.command("display-message", "-p", "-t", f"={name}:", fmt)
        parts = (out[0] if out else "").split()
        return (int(parts[0]), int(parts[1])) if len(parts) == 2 else None

    def check_size(self, name: str) -> None:
        size = self.size(name)
        if size != (self.width, self.height):
            log(f"warning: pane {name} is {size}, not {self.width}x{self.height}")

    def pane(self, name: str) -> tuple[bool, int | None, int | None]:
        """(dead?, exit status if dead, pid if alive) of the session's pane."""
        out = self.command(
            "display-message",
            "-p",
            "-t",
            f"={name}:",
            "#{pane_dead}|#{pane_dead_status}|#{pane_pid}",
        )
        dead_s, status_s, pid_s = ((out[0] if out else "") + "||").split("|")[:3]
        dead = dead_s == "1"
        status = int(status_s) if dead and status_s.isdigit() else None
        pid = int(pid_s) if not dead and pid_s.isdigit() else None
        return dead, status, pid

    def version(self) -> str:
        return subprocess.run(
            ["tmux", "-V"], capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()


def plain(screen: str) -> str:
    return ANSI_RE.sub("", screen)


def screen_tail(screen: str, lines: int = 8) -> str:
    rows = [r.rstrip() for r in plain(screen).splitlines() if r.strip()]
    return "\n".join(rows[-lines:])


# --------------------------------------------------------------------------- /proc


def process_tree(root: int | None) -> list[int]:
    """``root`` and its living descendants."""
    if root is None:
        return []
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rpartition(")")[2].split()
            kids.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    tree: list[int] = []
    todo = [root]
    while todo and len(tree) < 10_000:
        pid = todo.pop()
        if pid not in tree:
            tree.append(pid)
            todo.extend(kids.get(pid, []))
    return tree


def tree_hwm_kib(pids: Sequence[int]) -> int | None:
    """The largest VmHWM (peak RSS) of the processes, in KiB."""
    best: int | None = None
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    kib = int(line.split()[1])
                    best = kib if best is None else max(best, kib)
        except (OSError, ValueError, IndexError):
            continue
    return best


def tree_sched_ms(pids: Sequence[int]) -> tuple[float, float] | None:
    """(ms on a CPU, ms runnable but waiting for one) summed over the processes' threads.

    From /proc/PID/task/TID/schedstat; the wait is how much CPU contention (other programs
    on the machine) delayed the program.
    """
    cpu = wait = 0
    found = False
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                fields = Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()
                cpu, wait, found = cpu + int(fields[0]), wait + int(fields[1]), True
            except (OSError, ValueError, IndexError):
                continue
    return (cpu / 1e6, wait / 1e6) if found else None


def read_time_file(path: Path) -> int | None:
    """Maximum resident set size (KiB) from a ``/usr/bin/time -v -o`` file."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return None
    m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", text)
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- targets


@dataclass
class Target:
    name: str
    cmd: str
    expect: str | None = None


@dataclass
class Launched:
    session: str
    home: Path
    time_file: Path


def parse_pairs(values: Sequence[str], what: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip() or not rest.strip():
            raise SystemExit(f"error: {what} must be NAME=VALUE, got {value!r}")
        pairs.append((name.strip(), rest))
    return pairs


def parse_targets(args: argparse.Namespace) -> list[Target]:
    targets = [Target(n, c) for n, c in parse_pairs(args.target, "--target")]
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise SystemExit("error: target names must be unique")
    for name, text in parse_pairs(args.expect or [], "--expect"):
        if name not in names:
            raise SystemExit(f"error: --expect names unknown target {name!r}")
        targets[names.index(name)].expect = text
    return targets


def program_env() -> dict[str, str]:
    """The tmux server's (and so the program's) environment: ours, less terminal leftovers."""
    drop = {"TMUX", "TMUX_PANE", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR"}
    drop.add("PYTHONDONTWRITEBYTECODE")  # an installed program has its bytecode: so do we
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("TEXTUAL")}
    bindir = str(Path(sys.executable).parent)
    path = env.get("PATH", "/usr/local/bin:/usr/bin:/bin")
    if bindir not in path.split(os.pathsep):
        env["PATH"] = bindir + os.pathsep + path
    return env


class Runner:
    def __init__(self, tmux: Tmux, workdir: Path, use_time: bool, env: dict[str, str]) -> None:
        self.tmux = tmux
        self.workdir = workdir
        self.use_time = use_time
        self.env = env
        self.count = 0

    def launch(self, target: Target) -> tuple[Launched, float]:
        """Start ``target`` in a fresh session; return it and the launch time (perf_counter)."""
        self.count += 1
        run_dir = self.workdir / f"run{self.count:04d}"
        home = run_dir / "home"
        home.mkdir(parents=True)
        time_file = run_dir / "time.txt"
        wrapped = f"exec /bin/sh -c {shlex.quote(target.cmd)}"
        if self.use_time:
            wrapped = (
                f"exec {GNU_TIME} -v -o {shlex.quote(str(time_file))} "
                f"/bin/sh -c {shlex.quote(target.cmd)}"
            )
        script = run_dir / "launch.sh"
        script.write_text(
            "\n".join(
                [
                    f"export PATH={shlex.quote(self.env['PATH'])}",
                    "export TERM=xterm-256color COLORTERM=truecolor",
                    f"export BRIEFREADER_HOME={shlex.quote(str(home))}",
                    wrapped,
                    "",
                ]
            )
        )
        session = f"run{self.count}"
        launched = Launched(session, home, time_file)
        t0 = time.perf_counter()
        self.tmux.new_session(session, ["/bin/sh", str(script)], os.getcwd())
        return launched, t0

    def quit(self, launched: Launched, keys: Sequence[str], timeout: float) -> int | None:
        """Send the quit keys, wait for the program to exit; return its peak RSS (KiB)."""
        tmux, session = self.tmux, launched.session
        with contextlib.suppress(TmuxError):
            for key in keys:
                tmux.send_key(session, key)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if tmux.pane(session)[0]:
                    break
                time.sleep(0.02)
            else:
                log(f"  {session}: did not exit after {list(keys)}; killing it")
        return read_time_file(launched.time_file) if self.use_time else None


@dataclass
class Settle:
    ok: bool
    first_ms: float | None = None
    settled_ms: float | None = None
    visible_ms: float | None = None
    changes: int = 0
    polls: int = 0
    error: str | None = None
    screen: str = ""


def wait_settled(
    tmux: Tmux,
    session: str,
    t0: float,
    expect: str | None,
    poll: float,
    settle: float,
    timeout: float,
    styles: bool,
) -> Settle:
    """Poll the screen until it settles (see the module doc); times are ms from ``t0``."""
    last: str | None = None
    last_seen = t_prev = t0
    result = Settle(ok=False)
    next_tick = time.perf_counter()
    while True:
        next_tick += poll
        delay = next_tick - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        else:
            next_tick = time.perf_counter()
        ts = time.perf_counter()
        screen = tmux.capture(session, styles)
        te = time.perf_counter()
        result.polls += 1
        if last is None and not plain(screen).strip() and result.changes == 0:
            last = screen  # the blank terminal before the program drew anything
        elif screen != last:
            at = ((t_prev + te) / 2 - t0) * 1000
            result.changes += 1
            result.settled_ms = at
            if result.first_ms is None:
                result.first_ms = at
            last, last_seen = screen, te
            if expect is not None and result.visible_ms is None and expect in plain(screen):
                result.visible_ms = at
        t_prev = ts
        shown = expect is None or result.visible_ms is not None
        if result.changes and shown and te - last_seen >= settle:
            result.ok = True
            result.screen = screen
            if expect is None:
                result.visible_ms = result.first_ms
            tmux.check_size(session)
            return result
        if te - t0 > timeout:
            result.error = f"did not settle within {timeout:g} s" + (
                f" ({expect!r} never visible)" if not shown else ""
            )
            result.screen = screen
            return result
        if result.polls % 10 == 0:
            dead, status, _ = tmux.pane(session)
            if dead:
                for _ in range(50):  # tmux may see the pty close before the exit status
                    if status is not None:
                        break
                    time.sleep(0.02)
                    status = tmux.pane(session)[1]
                result.error = f"program exited (status {status}) before the screen settled"
                result.screen = tmux.capture(session, False)
                return result


# --------------------------------------------------------------------------- statistics


def quantile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated quantile (q in [0, 1]) of a non-empty sequence."""
    data = sorted(values)
    pos = (len(data) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def summarize(values: Sequence[float]) -> dict[str, float] | None:
    if not values:
        return None
    med = statistics.median(values)
    mad = statistics.median(abs(v - med) for v in values)
    return {
        "n": len(values),
        "median": med,
        "mean": statistics.fmean(values),
        "stdev": statistics.stdev(values) if len(values) > 1 else 0.0,
        "min": min(values),
        "max": max(values),
        "p25": quantile(values, 0.25),
        "p75": quantile(values, 0.75),
        "p90": quantile(values, 0.9),
        "mad": mad,
        "spread_pct": (max(values) - min(values)) / med * 100 if med else 0.0,
        "mad_pct": mad / med * 100 if med else 0.0,
    }


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(headers) + " |"]
        lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|")
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([fmt(headers), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)])


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def machine_info(tmux: Tmux) -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_start": list(os.getloadavg()),
        "tmux": tmux.version(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def write_json(path: str | None, data: dict[str, Any]) -> None:
    if path:
        Path(path).write_text(json.dumps(data, indent=2) + "\n")
        log(f"wrote {path}")


@contextlib.contextmanager
def harness(args: argparse.Namespace) -> Iterator[tuple[Tmux, Runner]]:
    use_time = not args.no_time and GNU_TIME.exists()
    if not use_time and not args.no_time:
        log("note: /usr/bin/time missing (apt-get install time); memory from /proc VmHWM")
    env = program_env()
    with (
        tempfile.TemporaryDirectory(prefix="tui-bench-") as tmp,
        Tmux(args.size[0], args.size[1], env) as tmux,
    ):
        yield tmux, Runner(tmux, Path(tmp), use_time, env)


# --------------------------------------------------------------------------- first-paint


@dataclass
class PaintRun:
    round: int
    first_ms: float | None
    settled_ms: float | None
    visible_ms: float | None
    cpu_ms: float | None  # CPU time of the program's process tree when it settled
    runq_wait_ms: float | None  # time it was runnable but waited for a CPU, until then
    mem_kib: int | None
    hwm_at_settle_kib: int | None
    changes: int
    polls: int
    error: str | None = None


def first_paint_once(
    runner: Runner, target: Target, rnd: int, args: argparse.Namespace
) -> PaintRun:
    tmux = runner.tmux
    launched, t0 = runner.launch(target)
    try:
        st = wait_settled(
            tmux,
            launched.session,
            t0,
            target.expect,
            args.poll_ms / 1000,
            args.settle_ms / 1000,
            args.timeout,
            not args.plain,
        )
        if not st.ok and st.screen:
            log(f"  last screen of {target.name}:\n" + screen_tail(st.screen))
        pids = process_tree(tmux.pane(launched.session)[2] if st.ok else None)
        hwm, sched = tree_hwm_kib(pids), tree_sched_ms(pids)
        mem = runner.quit(launched, args.quit_keys, args.quit_timeout)
        return PaintRun(
            round=rnd,
            first_ms=st.first_ms if st.ok else None,
            settled_ms=st.settled_ms if st.ok else None,
            visible_ms=st.visible_ms if st.ok else None,
            cpu_ms=sched[0] if sched else None,
            runq_wait_ms=sched[1] if sched else None,
            mem_kib=mem,
            hwm_at_settle_kib=hwm,
            changes=st.changes,
            polls=st.polls,
            error=st.error,
        )
    finally:
        tmux.kill_session(launched.session)


def cmd_first_paint(args: argparse.Namespace) -> int:
    targets = parse_targets(args)
    baseline = args.baseline or ("minimal" if any(t.name == "minimal" for t in targets) else None)
    baseline = baseline or targets[0].name
    if baseline not in {t.name for t in targets}:
        raise SystemExit(f"error: --baseline {baseline!r} is not a target")
    runs: dict[str, list[PaintRun]] = {t.name: [] for t in targets}
    total = args.warmup + args.runs
    with harness(args) as (tmux, runner):
        info = machine_info(tmux)
        for rnd in range(total):
            order = targets if rnd % 2 == 0 else targets[::-1]
            for target in order:
                run = first_paint_once(runner, target, rnd - args.warmup, args)
                tag = "warm-up" if rnd < args.warmup else f"round {rnd - args.warmup + 1}"
                mem = run.mem_kib or run.hwm_at_settle_kib
                log(
                    f"{tag}/{args.runs} {target.name}: "
                    + (
                        f"settled {ms(run.settled_ms)} ms (visible {ms(run.visible_ms)}), "
                        f"{run.changes} changes, CPU {ms(run.cpu_ms)} ms, "
                        f"waited {ms(run.runq_wait_ms)} ms, mem {mem / 1024 if mem else 0:.1f} MiB"
                        if run.error is None
                        else f"FAILED: {run.error}"
                    )
                )
                if rnd >= args.warmup:
                    runs[target.name].append(run)
                time.sleep(args.pause_ms / 1000)
        info["loadavg_end"] = list(os.getloadavg())

    result: dict[str, Any] = {
        "benchmark": "first-paint",
        "machine": info,
        "config": {
            k: getattr(args, k)
            for k in ("runs", "warmup", "poll_ms", "settle_ms", "timeout", "size", "plain")
        },
        "baseline": baseline,
        "targets": {},
    }
    base_ok = {r.round: r.settled_ms for r in runs[baseline] if r.settled_ms is not None}
    base_med = statistics.median(base_ok.values()) if base_ok else None
    base_cpus = [r.cpu_ms for r in runs[baseline] if r.settled_ms is not None and r.cpu_ms]
    base_cpu = statistics.median(base_cpus) if base_cpus else None
    rows = []
    for target in targets:
        good = [r for r in runs[target.name] if r.settled_ms is not None]
        settled = [r.settled_ms for r in good if r.settled_ms is not None]
        visible = [r.visible_ms for r in good if r.visible_ms is not None]
        first = [r.first_ms for r in good if r.first_ms is not None]
        cpu = [r.cpu_ms for r in good if r.cpu_ms is not None]
        runq = [r.runq_wait_ms for r in good if r.runq_wait_ms is not None]
        mems = [(r.mem_kib or r.hwm_at_settle_kib or 0) / 1024 for r in runs[target.name]]
        mems = [m for m in mems if m > 0]
        s_set, s_vis, s_mem = summarize(settled), summarize(visible), summarize(mems)
        s_first, s_cpu, s_runq = summarize(first), summarize(cpu), summarize(runq)
        ratio = s_set["median"] / base_med if s_set and base_med else None
        cpu_ratio = s_cpu["median"] / base_cpu if s_cpu and base_cpu else None
        paired = [
            r.settled_ms / base_ok[r.round]
            for r in good
            if r.settled_ms is not None and base_ok.get(r.round)
        ]
        paired_ratio = statistics.median(paired) if paired else None
        result["targets"][target.name] = {
            "command": target.cmd,
            "expect": target.expect,
            "ok": len(good),
            "failed": len(runs[target.name]) - len(good),
            "settled_ms": s_set,
            "visible_ms": s_vis,
            "first_change_ms": s_first,
            "cpu_ms": s_cpu,
            "runq_wait_ms": s_runq,
            "mem_mib": s_mem,
            "ratio_to_baseline": ratio,
            "cpu_ratio_to_baseline": cpu_ratio,
            "paired_ratio_median": paired_ratio,
            "runs": [asdict(r) for r in runs[target.name]],
        }
        rows.append(
            [
                target.name,
                f"{len(good)}/{len(runs[target.name])}",
                ms(s_set["median"]) if s_set else "-",
                f"{ms(s_set['min'])}-{ms(s_set['max'])}" if s_set else "-",
                f"±{s_set['mad_pct']:.0f}%" if s_set else "-",
                ms(s_vis["median"]) if s_vis else "-",
                f"{ratio:.2f}x" if ratio else "-",
                f"{paired_ratio:.2f}x" if paired_ratio else "-",
                ms(s_cpu["median"]) if s_cpu else "-",
                f"{cpu_ratio:.2f}x" if cpu_ratio else "-",
                ms(s_runq["median"]) if s_runq else "-",
                f"{s_mem['median']:.0f}" if s_mem else "-",
            ]
        )
    headers = [
        "target",
        "ok",
        "settled ms",
        "min-max",
        "MAD",
        "visible ms",
        f"vs {baseline}",
        "paired",
        "CPU ms",
        "CPU vs base",
        "waited ms",
        "peak MiB",
    ]
    print(table(headers, rows, args.markdown))
    if not args.markdown:
        print(
            f"\n{args.runs} rounds (+{args.warmup} warm-up), {args.size[0]}x{args.size[1]} tmux, "
            f"poll {args.poll_ms:g} ms; load avg {info['loadavg_start'][0]:.2f} -> "
            f"{info['loadavg_end'][0]:.2f}.\nMedians. settled = last screen change before "
            f"{args.settle_ms:g} ms without change; MAD = median absolute deviation; visible = "
            f"--expect text first on screen;\nvs {baseline} = ratio of medians; paired = median "
            "of per-round ratios; CPU = CPU time of the program until settled; waited = time "
            "it was runnable but\nwaiting for a CPU (machine noise); MiB = peak RSS."
        )
    write_json(args.json, result)
    return 0 if all(v["failed"] == 0 for v in result["targets"].values()) else 1


# --------------------------------------------------------------------------- keys


@dataclass
class KeySpec:
    key: str
    reset: str | None = None

    @property
    def label(self) -> str:
        return self.key if self.reset is None else f"{self.key} (after {self.reset})"


def parse_key(spec: str) -> KeySpec:
    if spec == "/" or "/" not in spec.strip("/"):
        return KeySpec(spec)
    key, _, reset = spec.partition("/")
    return KeySpec(key, reset or None)


@dataclass
class Press:
    changed: bool
    first_ms: float | None = None  # the first visible change
    settled_ms: float | None = None  # the last change before --quiet-ms without change
    changes: int = 0
    late_changes: int = 0  # changes after settling, before --gap-ms without change
    late_ms: float | None = None  # the last of those
    unsettled: bool = False  # still changing at --max-ms


def measure_press(tmux: Tmux, session: str, key: str, args: argparse.Namespace) -> Press:
    """Send ``key``; time its visible effect (ms from sending the key)."""
    poll, quiet, gap = args.poll_ms / 1000, args.quiet_ms / 1000, args.gap_ms / 1000
    nochange, limit = args.nochange_ms / 1000, args.max_ms / 1000
    styles = not args.plain
    last = tmux.capture(session, styles)
    t0 = time.perf_counter()
    tmux.send_key(session, key)
    press = Press(changed=False)
    t_prev, last_seen = t0, t0
    settled = False
    next_tick = time.perf_counter()
    while True:
        next_tick += poll
        delay = next_tick - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        else:
            next_tick = time.perf_counter()
        ts = time.perf_counter()
        screen = tmux.capture(session, styles)
        te = time.perf_counter()
        if screen != last:
            at = ((t_prev + te) / 2 - t0) * 1000
            if settled:
                press.late_changes += 1
                press.late_ms = at
            else:
                if press.first_ms is None:
                    press.first_ms = at
                press.changed, press.settled_ms = True, at
                press.changes += 1
            last, last_seen = screen, te
        t_prev = ts
        if not settled:
            settled = te - last_seen >= quiet if press.changed else te - t0 >= nochange
        # Keep watching until quiet for --gap-ms, so that a late change of this press is
        # not blamed on the next one.
        if settled and te - last_seen >= gap:
            return press
        if te - t0 >= limit:
            press.unsettled = not settled
            return press


def cmd_keys(args: argparse.Namespace) -> int:
    """All targets run at once, each in its own session; every key is pressed in each
    target in turn (the order alternating press by press), so machine noise hits them
    alike and their figures pair up, as in ``first-paint``."""
    targets = parse_targets(args)
    specs = [parse_key(k) for k in args.keys]
    result: dict[str, Any] = {"benchmark": "keys", "targets": {}}
    rows: list[list[str]] = []
    failed = False
    with harness(args) as (tmux, runner):
        result["machine"] = machine_info(tmux)
        result["config"] = {
            k: getattr(args, k)
            for k in (
                "presses",
                "poll_ms",
                "quiet_ms",
                "gap_ms",
                "nochange_ms",
                "max_ms",
                "size",
                "plain",
            )
        }
        running: list[tuple[Target, Launched, dict[str, Any]]] = []
        try:
            for target in targets:
                launched, t0 = runner.launch(target)
                entry: dict[str, Any] = {"command": target.cmd, "expect": target.expect}
                entry["keys"] = {}
                result["targets"][target.name] = entry
                st = wait_settled(
                    tmux,
                    launched.session,
                    t0,
                    target.expect,
                    10 / 1000,
                    args.startup_settle_ms / 1000,
                    args.timeout,
                    not args.plain,
                )
                entry["first_paint_ms"] = st.settled_ms
                if not st.ok:
                    log(f"{target.name}: FAILED to start: {st.error}\n{screen_tail(st.screen)}")
                    entry["error"] = st.error
                    failed = True
                    tmux.kill_session(launched.session)
                    continue
                log(f"{target.name}: settled at {ms(st.settled_ms)} ms")
                running.append((target, launched, entry))
            time.sleep(args.idle_ms / 1000)
            for spec in specs:
                presses: dict[str, list[Press]] = {t.name: [] for t, _, _ in running}
                for i in range(args.presses):
                    order = running if i % 2 == 0 else running[::-1]
                    for target, launched, _ in order:
                        if spec.reset is not None:
                            measure_press(tmux, launched.session, spec.reset, args)
                        presses[target.name].append(
                            measure_press(tmux, launched.session, spec.key, args)
                        )
                for target, _, entry in running:
                    entry["keys"][spec.label] = key_summary(presses[target.name])
                    rows.append(key_row(target.name, spec.label, presses[target.name]))
                    log("  " + "  ".join(rows[-1]))
            for _target, launched, entry in running:
                hwm = tree_hwm_kib(process_tree(tmux.pane(launched.session)[2]))
                mem = runner.quit(launched, args.quit_keys, args.quit_timeout) or hwm
                entry["mem_mib"] = mem / 1024 if mem else None
        finally:
            for _, launched, _ in running:
                tmux.kill_session(launched.session)
        result["machine"]["loadavg_end"] = list(os.getloadavg())
    headers = [
        "target",
        "key",
        "changed",
        "no change",
        "median ms",
        "p90 ms",
        "max ms",
        "first ms",
        "late",
    ]
    print(table(headers, rows, args.markdown))
    load = result["machine"]["loadavg_start"][0], result["machine"]["loadavg_end"][0]
    if not args.markdown:
        print(
            f"\nload average {load[0]:.2f} at the start, {load[1]:.2f} at the end; "
            f"{args.presses} presses per key; poll {args.poll_ms:g} ms; time = last change "
            f"before {args.quiet_ms:g} ms without change; 'no change' = nothing visible "
            f"within {args.nochange_ms:g} ms; 'first' = median time of the first change; "
            f"'late' = presses whose screen changed again after settling (within "
            f"{args.gap_ms:g} ms gaps)"
        )
    write_json(args.json, result)
    return 1 if failed else 0


def key_summary(presses: Sequence[Press]) -> dict[str, Any]:
    changed = [p for p in presses if p.changed]
    return {
        "presses": len(presses),
        "changed": len(changed),
        "no_change": len(presses) - len(changed),
        "unsettled": sum(p.unsettled for p in presses),
        "late": sum(p.late_changes > 0 for p in presses),
        "settled_ms": summarize([p.settled_ms for p in changed if p.settled_ms is not None]),
        "first_change_ms": summarize([p.first_ms for p in changed if p.first_ms is not None]),
        "raw": [asdict(p) for p in presses],
    }


def key_row(name: str, label: str, presses: Sequence[Press]) -> list[str]:
    s = key_summary(presses)
    st, first = s["settled_ms"], s["first_change_ms"]
    nochange = str(s["no_change"])
    late = str(s["late"]) + (f" ({s['unsettled']} unsettled)" if s["unsettled"] else "")
    return [
        name,
        label,
        f"{s['changed']}/{s['presses']}",
        nochange,
        f"{st['median']:.1f}" if st else "-",
        f"{st['p90']:.1f}" if st else "-",
        f"{st['max']:.1f}" if st else "-",
        f"{first['median']:.1f}" if first else "-",
        late,
    ]


# --------------------------------------------------------------------------- CLI


def size_arg(value: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d+)x(\d+)", value)
    if not m or not (10 <= int(m.group(1)) <= 1000 and 3 <= int(m.group(2)) <= 500):
        raise argparse.ArgumentTypeError("size must be COLSxROWS, e.g. 120x40")
    return int(m.group(1)), int(m.group(2))


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="See benchmarks/README.md.",
    )
    sub = ap.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--target",
        action="append",
        required=True,
        metavar="NAME=CMD",
        help="a shell command to measure (repeatable)",
    )
    common.add_argument(
        "--expect",
        action="append",
        metavar="NAME=TEXT",
        help="text (on one screen line) that must be visible before NAME counts as painted",
    )
    common.add_argument("--size", type=size_arg, default=(120, 40), help="terminal size (120x40)")
    common.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    common.add_argument("--markdown", action="store_true", help="print a Markdown table")
    common.add_argument("--timeout", type=float, default=60.0, help="s to wait for settling (60)")
    common.add_argument(
        "--plain",
        action="store_true",
        help="compare screen text only (default: text and styles, so a moved highlight counts)",
    )
    common.add_argument(
        "--quit-keys", nargs="+", default=["q"], metavar="KEY", help="keys that quit (q)"
    )
    common.add_argument("--quit-timeout", type=float, default=5.0, help="s to wait for exit (5)")
    common.add_argument("--no-time", action="store_true", help="do not wrap in /usr/bin/time")

    fp = sub.add_parser(
        "first-paint", parents=[common], help="time from launch to a settled screen"
    )
    fp.add_argument("--runs", type=int, default=7, help="measured rounds (7)")
    fp.add_argument("--warmup", type=int, default=1, help="unmeasured rounds first (1)")
    fp.add_argument("--poll-ms", type=float, default=10.0, help="screen poll interval (10)")
    fp.add_argument("--settle-ms", type=float, default=300.0, help="quiet time that settles (300)")
    fp.add_argument("--pause-ms", type=float, default=300.0, help="pause between runs (300)")
    fp.add_argument("--baseline", help="target the ratios are to (default: minimal, else first)")
    fp.set_defaults(func=cmd_first_paint)

    keys = sub.add_parser("keys", parents=[common], help="per-key latency in a settled session")
    keys.add_argument(
        "--keys",
        nargs="+",
        default=list(DEFAULT_KEYS),
        metavar="KEY[/RESET]",
        help="keys to time; KEY/RESET sends RESET (untimed) before each press "
        f"(default: {' '.join(DEFAULT_KEYS)})",
    )
    keys.add_argument("--presses", type=int, default=30, help="presses per key (30)")
    keys.add_argument("--poll-ms", type=float, default=3.0, help="screen poll interval (3)")
    keys.add_argument("--quiet-ms", type=float, default=50.0, help="quiet time that settles (50)")
    keys.add_argument(
        "--nochange-ms", type=float, default=1000.0, help="wait this long for a change (1000)"
    )
    keys.add_argument(
        "--gap-ms",
        type=float,
        default=200.0,
        help="after settling, wait for this long without change before the next press; "
        "changes meanwhile are reported as late (200)",
    )
    keys.add_argument("--max-ms", type=float, default=10000.0, help="give up on a press (10000)")
    keys.add_argument(
        "--startup-settle-ms", type=float, default=300.0, help="first-paint quiet time (300)"
    )
    keys.add_argument("--idle-ms", type=float, default=500.0, help="idle before pressing (500)")
    keys.set_defaults(func=cmd_keys)
    return ap


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through the cleanup (sessions, server, temp dir)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name in ("runs", "presses"):
        if getattr(args, name, 1) < 1:
            log(f"error: --{name} must be at least 1")
            return 2
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    if shutil.which("tmux") is None:
        log("error: tmux is not installed (apt-get install tmux)")
        return 2
    try:
        return int(args.func(args))
    except TmuxError as exc:
        log(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
