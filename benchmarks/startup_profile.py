#!/usr/bin/env python3
"""Where the start-up CPU time goes: the app headless, from the interpreter's start to
its first full frame, in phases (``time.process_time()``, so other programs on a busy
machine count less than in wall-clock time).

Runs the real ``briefreader`` command line (``cli.main``) with ``App.run`` made headless
(120x40 unless ``--size``); the process exits once the screen has been rendered and no
new frame came for ``--quiet-ms``. The phases are stamped by wrapping the functions the
command line calls on its way (argument parsing, loading the brief, importing the app,
building it, running it), so nothing is imported earlier than in a real start.

    python benchmarks/startup_profile.py                      # the bundled brief
    python benchmarks/startup_profile.py -- open /tmp/kjv.txt  # arguments for briefreader
    python benchmarks/startup_profile.py --minimal            # benchmarks/minimal_app.py
    python benchmarks/startup_profile.py --rounds 8           # best of 8 fresh processes
    python benchmarks/startup_profile.py --profile /tmp/start.prof   # cProfile of one start

Each round is a fresh process (imports are the largest part). ``BRIEFREADER_HOME`` is
a fresh temporary directory per round unless set. Prints one line per phase: the best
(minimum) and the median over the rounds, in ms of CPU.
"""

from __future__ import annotations

import time

START = time.process_time()  # the interpreter's own start-up is already in here

import sys  # noqa: E402
from typing import Any  # noqa: E402

PHASES = ("python", "cli", "load", "app import", "app init", "first frame", "settled")


def _after_import(name: str, then: Any) -> None:
    """Call ``then(module)`` right after ``name`` is first imported (nothing earlier)."""
    import importlib.util  # (not importlib.abc: it imports more than the apps measured)

    class Finder:
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            assert spec is not None and spec.loader is not None
            exec_module = spec.loader.exec_module

            def run_then(module: Any) -> None:
                exec_module(module)
                then(module)

            spec.loader.exec_module = run_then  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def _child(minimal: bool, size: tuple[int, int], quiet_ms: int, argv: list[str]) -> None:
    """One start-up in this process; prints a JSON dict of phase end times (CPU ms)."""
    marks: dict[str, float] = {"python": START}

    def mark(name: str) -> None:
        marks.setdefault(name, time.process_time())

    frames: list[float] = []
    import json  # the measured program imports it too
    import os

    window = after = None  # cProfile of app init .. first frame only
    if os.environ.get("STARTUP_PROFILE_FIRST_FRAME"):
        import cProfile

        window = cProfile.Profile()
        if os.environ.get("STARTUP_PROFILE_AFTER"):
            after = cProfile.Profile()  # first frame .. exit

    def patch(app_module: Any) -> None:
        """Make ``App.run`` headless and stamp each frame (once textual.app is imported)."""
        app_cls = app_module.App
        original_run = app_cls.run
        original_display = app_cls._display

        def display(self: Any, screen: Any, renderable: Any) -> None:
            original_display(self, screen, renderable)
            if renderable is not None:
                frames.append(time.process_time())
                if "first frame" not in marks and window is not None:
                    window.disable()
                    window.dump_stats(os.environ["STARTUP_PROFILE_FIRST_FRAME"])
                    if after is not None:
                        after.enable()
                mark("first frame")
                if getattr(self, "_bench_timer", None) is not None:
                    self._bench_timer.reset()

        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            mark("app init")
            if window is not None:
                window.enable()
            kwargs.update(headless=True, size=size)

            def arm() -> None:
                self._bench_timer = self.set_timer(quiet_ms / 1000, lambda: self.exit())

            self.call_later(arm)
            return original_run(self, *args, **kwargs)

        app_cls._display = display
        app_cls.run = run

    _after_import("textual.app", patch)
    if minimal:
        sys.path.insert(0, sys.path[0] or ".")  # this file's folder
        marks["cli"] = marks["load"] = time.process_time()
        import minimal_app

        mark("app import")
        minimal_app.MinimalApp().run()
    else:
        from briefreader import cli

        real_parser = cli._parser

        def parser() -> Any:
            made = real_parser()
            mark("cli")
            return made

        cli._parser = parser  # type: ignore[assignment]
        import briefreader.tui.run as tui_run

        real_run_reader = tui_run.run_reader

        def run_reader(*args: Any, **kwargs: Any) -> int:
            mark("load")
            import briefreader.tui.app  # noqa: F401

            mark("app import")
            return real_run_reader(*args, **kwargs)

        tui_run.run_reader = run_reader  # type: ignore[assignment]
        cli.main(argv)
    if after is not None:
        after.disable()
        after.dump_stats(os.environ["STARTUP_PROFILE_AFTER"])
    marks["settled"] = frames[-1] if frames else time.process_time()
    out = {k: round(v * 1000, 1) for k, v in marks.items()}
    out["frames"] = len(frames)
    out["frame_ms"] = [round(f * 1000) for f in frames]  # type: ignore[assignment]
    print(json.dumps(out))


def main() -> int:
    import argparse
    import json
    import os
    import statistics
    import subprocess
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minimal", action="store_true", help="the minimal Textual app")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--quiet-ms", type=int, default=400)
    parser.add_argument("--profile", metavar="PATH", help="cProfile one start into PATH")
    parser.add_argument(
        "--profile-first-frame",
        metavar="PATH",
        help="cProfile from App.run to the first frame (and PATH.after: from there to exit)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("argv", nargs="*", help="arguments for briefreader (after --)")
    args = parser.parse_args()
    cmd = [sys.executable, __file__, "--child", "--size", args.size]
    cmd += ["--quiet-ms", str(args.quiet_ms)] + (["--minimal"] if args.minimal else [])
    cmd += ["--", *args.argv]
    if args.profile_first_frame:
        os.environ["STARTUP_PROFILE_FIRST_FRAME"] = args.profile_first_frame
        os.environ["STARTUP_PROFILE_AFTER"] = args.profile_first_frame + ".after"
        args.rounds = 1
    if args.profile:
        cmd = [sys.executable, "-m", "cProfile", "-o", args.profile, *cmd[1:]]
        args.rounds = 1
    runs: list[dict[str, float]] = []
    for n in range(args.rounds + 1):  # round 0: a warm-up (writes bytecode, fills caches)
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its bytecode
        with tempfile.TemporaryDirectory() as home:
            env.setdefault("BRIEFREADER_HOME", home)
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            print(done.stderr or done.stdout, file=sys.stderr)
            return 1
        if n or args.profile:
            runs.append(json.loads(lines[-1]))
    print(f"load average {os.getloadavg()[0]:.2f}; {args.rounds} round(s); CPU ms")
    print(f"{'phase':<12} {'ends (best)':>11} {'takes (best)':>12} {'takes (median)':>14}")
    before = [0.0] * len(runs)
    for phase in PHASES:
        ends = [r.get(phase, b) for r, b in zip(runs, before, strict=True)]
        takes = [e - b for e, b in zip(ends, before, strict=True)]
        print(
            f"{phase:<12} {min(ends):>11.0f} {min(takes):>12.0f} {statistics.median(takes):>14.0f}"
        )
        before = ends
    print(f"frames until settled: {runs[0].get('frames')} at {runs[0].get('frame_ms')} ms")
    return 0


def child_main(argv: list[str]) -> int:
    """``--child [--minimal] --size WxH --quiet-ms N -- ARGS``: parsed by hand (no argparse
    import before the measured program's own)."""
    split = argv.index("--") if "--" in argv else len(argv)
    opts, rest = argv[:split], argv[split + 1 :]
    width, height = (int(n) for n in opts[opts.index("--size") + 1].split("x"))
    quiet_ms = int(opts[opts.index("--quiet-ms") + 1])
    _child("--minimal" in opts, (width, height), quiet_ms, rest)
    return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]) if "--child" in sys.argv[1:3] else main())
