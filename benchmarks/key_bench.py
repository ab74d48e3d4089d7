#!/usr/bin/env python3
"""In-process key latency of the reader: frames and CPU per key press, headless.

The outside-in harness (``tui_bench.py keys``) sees what a person sees but, on a
shared machine, mostly measures the wait for a CPU. This script runs the app
headless in this process (``App.run_test``) and, per press, records every frame
the screen writes after the key reached the driver: the time of the first frame
(the first visible change), of the last one before the screen stays quiet
(everything settled), how many frames that took, how many were full layout
passes, and the CPU time spent. Each frame's terminal output is rendered to a
string too (the headless driver skips that), so its cost is counted. A frame that
leaves the screen as it was (e.g. Textual repainting a scrollbar unchanged, in a frame
of its own) is counted but does not move "settled": that is the last frame that changed
what is on screen, as ``tui_bench.py`` sees it (the check's own CPU is not counted, nor
its wall time in the times of the frames after it). "bytes" is what the frames of a
press write to the terminal (median).

Examples::

    python benchmarks/key_bench.py                                 # the bundled brief
    python benchmarks/key_bench.py --brief /tmp/kjv-lat.yaml --presses 20
    python benchmarks/key_bench.py --keys j Tab --profile j        # cProfile of `j`

A key ``KEY/RESET`` sends RESET (untimed) before each press, e.g. ``G/g`` times
``G`` from the top. Timings are for benchmarks only: tests never assert them.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import os
import pstats
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_KEYS = ["j", "k", "space/g", "b/G", "G/g", "g/G", "tab", "shift+tab"]


@dataclass
class Press:
    first_ms: float | None
    last_ms: float | None  # the last frame that changed the screen
    frames: int
    layouts: int
    cpu_ms: float
    gc_ms: float
    bytes: int


@dataclass
class Probe:
    """Timestamps of frames and layout passes, from a given start."""

    frames: list[float] = field(default_factory=list)
    changed: list[bool] = field(default_factory=list)  # per frame: did the screen change
    screen: list[Any] = field(default_factory=list)  # the screen after the last frame
    check_cpu: float = 0.0  # CPU spent comparing screens (not the app's)
    check_wall: float = 0.0  # wall time of those comparisons: later frames' times exclude it
    bytes: int = 0  # written to the terminal (the frames' escape sequences and text)
    layouts: int = 0
    trace: bool = False
    log: list[str] = field(default_factory=list)
    cpu_at_last: float = 0.0
    gc_ms: float = 0.0
    gc_runs: int = 0


def install_probe(app: Any) -> Probe:
    from textual._compositor import CompositorUpdate

    probe = Probe()
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None:
            return
        if isinstance(renderable, CompositorUpdate):  # what a real driver would write
            probe.bytes += len(renderable.render_segments(app.console).encode())
        wall = time.perf_counter()
        probe.frames.append(wall - probe.check_wall)
        cpu = time.process_time()
        probe.cpu_at_last = cpu - probe.check_cpu
        now = screen._compositor.render_strips()
        probe.changed.append(now != probe.screen)
        probe.screen = now
        probe.check_cpu += time.process_time() - cpu
        probe.check_wall += time.perf_counter() - wall
        if probe.trace:
            dirty = sorted(
                f"{type(w).__name__}#{w.id}" if w.id else type(w).__name__
                for w in screen._dirty_widgets
            )
            same = "" if probe.changed[-1] else " (screen unchanged)"
            probe.log.append(f"frame {probe.frames[-1]:.4f}: {' '.join(dirty)}{same}")

    probe.screen = app.screen._compositor.render_strips()
    app._display = timed_display
    started: list[float] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            probe.gc_ms += (time.perf_counter() - started[0]) * 1000
            probe.gc_runs += 1

    gc.callbacks.append(on_gc)
    return probe


def watch_layouts(screen: Any, probe: Probe) -> None:
    refresh_layout = screen._refresh_layout

    def counted(*args: Any, **kwargs: Any) -> None:
        probe.layouts += 1
        if probe.trace:
            probe.log.append(f"layout {time.perf_counter():.4f} {args} {kwargs}")
        refresh_layout(*args, **kwargs)

    screen._refresh_layout = counted


def key_event(key: str) -> Any:
    from textual import events

    char = {"space": " ", "tab": "\t"}.get(key, key if len(key) == 1 else None)
    return events.Key(key, char)


async def wait_quiet(probe: Probe, quiet: float, limit: float) -> None:
    start = time.perf_counter()
    while True:
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        last = probe.frames[-1] if probe.frames else start
        if now - max(last, start) >= quiet or now - start > limit:
            return


async def press(app: Any, probe: Probe, key: str, quiet: float) -> Press:
    probe.frames.clear()
    probe.changed.clear()
    probe.check_cpu = 0.0
    probe.check_wall = 0.0
    probe.bytes = 0
    probe.layouts = 0
    probe.gc_ms = 0.0
    cpu0 = time.process_time()
    probe.cpu_at_last = cpu0
    t0 = time.perf_counter()
    event = key_event(key)
    event.set_sender(app)
    app._driver.send_message(event)
    await wait_quiet(probe, quiet, 2.0)
    frames = list(probe.frames)
    visible = [t for t, changed in zip(frames, probe.changed, strict=True) if changed]
    if probe.trace:
        print(f"-- {key} at {t0:.4f}", *probe.log, sep="\n  ", file=sys.stderr)
        probe.log.clear()
    return Press(
        (frames[0] - t0) * 1000 if frames else None,
        (visible[-1] - t0) * 1000 if visible else None,
        len(frames),
        probe.layouts,
        (probe.cpu_at_last - cpu0) * 1000,
        probe.gc_ms,
        probe.bytes,
    )


async def ready(app: Any) -> None:
    """Wait until the reader has its index, its full layout and nothing left to paint."""
    from briefreader.tui.screens.reader import ReaderScreen

    for _ in range(2000):
        screen = app.screen
        if isinstance(screen, ReaderScreen) and screen.index is not None:
            layout = screen.article._layout
            if layout is not None and layout.done:
                break
        await asyncio.sleep(0.01)
    await asyncio.sleep(1.0)  # mastery, annotations and suggestions timers


async def run(args: argparse.Namespace) -> dict[str, list[Press]]:
    from briefreader.core.loader import load_brief
    from briefreader.core.paths import resolve
    from briefreader.tui.app import BriefReaderApp

    brief = load_brief(resolve(args.brief))
    app = BriefReaderApp(brief)
    results: dict[str, list[Press]] = {}
    async with app.run_test(size=args.size) as pilot:
        await ready(app)
        probe = install_probe(app)
        probe.trace = args.trace
        watch_layouts(app.screen, probe)
        profiler = cProfile.Profile() if args.profile else None
        for spec in args.keys:
            key, _, reset = spec.partition("/")
            presses: list[Press] = []
            for _ in range(args.presses):
                if reset:
                    await press(app, probe, reset, args.quiet_ms / 1000)
                if profiler is not None and key == args.profile:
                    profiler.enable()
                presses.append(await press(app, probe, key, args.quiet_ms / 1000))
                if profiler is not None:
                    profiler.disable()
            results[spec] = presses
        await pilot.pause()
        if profiler is not None:
            stats = pstats.Stats(profiler, stream=sys.stderr)
            stats.sort_stats(args.sort).print_stats(args.lines)
            if args.callees:
                stats.print_callees(args.callees)
    return results


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brief", help="brief or text to open (default: the bundled brief)")
    parser.add_argument("--keys", nargs="+", default=DEFAULT_KEYS, help="KEY or KEY/RESET")
    parser.add_argument("--presses", type=int, default=10, help="presses per key (10)")
    parser.add_argument("--size", default="120x40", help="terminal size (120x40)")
    parser.add_argument("--quiet-ms", type=float, default=150.0, help="quiet that settles (150)")
    parser.add_argument("--profile", metavar="KEY", help="cProfile the presses of KEY")
    parser.add_argument("--trace", action="store_true", help="print the dirty widgets per frame")
    parser.add_argument("--sort", default="cumulative", help="profile sort key (cumulative)")
    parser.add_argument("--callees", metavar="REGEX", help="also print what REGEX calls")
    parser.add_argument("--lines", type=int, default=40, help="profile lines (40)")
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    args.size = (int(width), int(height))
    os.environ.setdefault("BRIEFREADER_HOME", tempfile.mkdtemp(prefix="key-bench-"))
    os.environ.setdefault("TERM", "xterm-256color")  # as tui_bench.py runs the app:
    os.environ["COLORTERM"] = "truecolor"  # the same colour system, the same output
    results = asyncio.run(run(args))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{Path(args.brief or 'bundled brief').name}, {args.size[0]}x{args.size[1]}, "
        f"{args.presses} presses, load average {load:.2f}; medians (ms), but max and min"
    )
    print(
        f"{'key':<12} {'first':>7} {'settled':>8} {'max':>7} {'frames':>6} {'layouts':>7} "
        f"{'cpu':>6} {'min cpu':>7} {'gc':>5} {'max gc':>6} {'bytes':>6}"
    )
    for spec, presses in results.items():
        firsts = [p.first_ms for p in presses if p.first_ms is not None]
        lasts = [p.last_ms for p in presses if p.last_ms is not None]
        print(
            f"{spec:<12} {fmt(median(firsts)):>7} {fmt(median(lasts)):>8} "
            f"{fmt(max(lasts) if lasts else None):>7} "
            f"{statistics.median(p.frames for p in presses):>6} "
            f"{statistics.median(p.layouts for p in presses):>7} "
            f"{fmt(median([p.cpu_ms for p in presses])):>6} "
            f"{fmt(min(p.cpu_ms for p in presses)):>7} "
            f"{fmt(median([p.gc_ms for p in presses])):>5} "
            f"{fmt(max(p.gc_ms for p in presses)):>6} "
            f"{statistics.median(p.bytes for p in presses):>6.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
