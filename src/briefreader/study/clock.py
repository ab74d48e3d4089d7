"""Where "now" comes from, and the user's local days.

Everything that depends on the time (the study session, the daily new-card limit,
the stats) takes a :class:`Clock` instead of calling ``datetime.now``, so tests set
the time (:class:`FakeClock`); the app uses :class:`SystemClock`. Times are aware
UTC inside (:func:`utc` refuses a naive one); a "day" is the user's *local*
calendar day (:func:`local_day_bounds`: its UTC start and end, DST-aware).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol

__all__ = ["Clock", "FakeClock", "SystemClock", "local_day_bounds", "utc"]


class Clock(Protocol):
    """Where "now" comes from (injected so tests control time)."""

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC preferred)."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A settable clock for tests: ``clock.advance(minutes=10)``, ``clock.set(when)``."""

    def __init__(self, start: datetime) -> None:
        self._now = utc(start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = utc(moment)

    def advance(self, delta: timedelta | None = None, **units: float) -> datetime:
        """Move forward by ``delta`` or ``timedelta(**units)``; returns the new now."""
        self._now += (delta or timedelta()) + timedelta(**units)
        return self._now


def utc(moment: datetime) -> datetime:
    """``moment`` as an aware datetime in ``timezone.utc`` (fsrs insists on it)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: the clock must give aware times")
    return moment.astimezone(UTC)


def _midnight(day: date, tz: tzinfo | None) -> datetime:
    naive = datetime.combine(day, time())
    local = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return local.astimezone(UTC)


def local_day_bounds(
    moment: datetime, tz: tzinfo | None = None, *, days: int = 0
) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` of the local calendar day holding ``moment``, moved by ``days``.

    ``tz`` None means the system's local timezone (DST-aware via the C library). The
    local midnights are computed in local time, then converted to UTC for queries.
    """
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    day = local.date() + timedelta(days=days)
    return _midnight(day, tz), _midnight(day + timedelta(days=1), tz)
