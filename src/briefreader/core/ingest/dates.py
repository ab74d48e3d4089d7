"""Dates as articles write them: ISO, ``21 Apr. 2023``, ``April 21, 2023``, ``2023年4月21日``.

:func:`parse_date` reads one date (optionally with a time) and nothing else;
:func:`date_line` recognises a whole header line that is only a date, with
bullets, dashes and a "last updated" label in several languages around it.
"""

from __future__ import annotations

import re
from datetime import datetime

__all__ = ["date_line", "parse_date", "parse_iso"]

_ISO_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            # English, French, Spanish, German
            ("january", "jan", "janvier", "enero", "januar"),
            ("february", "feb", "février", "fevrier", "febrero", "februar"),
            ("march", "mar", "mars", "marzo", "märz", "marz"),
            ("april", "apr", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("june", "jun", "juin", "junio", "juni"),
            ("july", "jul", "juillet", "julio", "juli"),
            ("august", "aug", "août", "aout", "agosto"),
            ("september", "sep", "sept", "septembre", "septiembre"),
            ("october", "oct", "octobre", "octubre", "oktober"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "décembre", "decembre", "diciembre", "dezember"),
        ),
        1,
    )
    for name in names
}
_MONTH = r"(?P<month>[^\W\d_]{3,9})\.?"
_TIME = (
    r"(?:(?:,|\s+at|\s*-)?\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,5})?)?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_DAY_FIRST_RE = re.compile(
    _WEEKDAY
    + r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?"
    + _MONTH
    + r",?\s+(?:de\s+)?(?P<year>\d{4})"
    + _TIME
)
_MONTH_FIRST_RE = re.compile(
    _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME
)
_CJK_RE = re.compile(
    r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
    r"(?:\s*(?P<hour>\d{1,2})[:：時时](?P<minute>\d{2})分?)?"
)
_DASHED_RE = re.compile(r"(?P<day>\d{1,2})-(?P<month>[A-Za-z]{3,9})-(?P<year>\d{4})")
_SLASH_YMD_RE = re.compile(r"(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})" + _TIME)
# "Last updated", "Updated", "Published" ... in a few languages, before a date.
_LABEL_RE = re.compile(
    r"(?i)^(?:(?:last\s+)?(?:updated|modified|published|posted|released|revised)(?:\s+on)?"
    r"|date|time|dated|first\s+published|publication\s+date"
    r"|(?:derni[eè]re\s+)?mise\s+[àa]\s+jour(?:\s+le)?|publi[ée]\s+le|mis\s+[àa]\s+jour\s+le"
    r"|(?:[úu]ltima\s+)?actualizaci[óo]n|actualizado(?:\s+el)?|publicado(?:\s+el)?"
    r"|(?:zuletzt\s+)?aktualisiert(?:\s+am)?|ver[öo]ffentlicht(?:\s+am)?|stand"
    r"|aggiornato(?:\s+il)?|atualizado(?:\s+em)?|обновлено|опубликовано"
    r"|最終更新日?|更新日時?|更新|公開日|投稿日|发布时间|发布日期|更新时间|时间|日期)"
    r"\s*[:：]?\s*"
)
_DECOR = " \t\u00a0•·‧∙●○◦▪■|-–—:：()[]"


def parse_iso(value: str) -> datetime | None:
    """An ISO date or date-time as a naive datetime (any UTC offset dropped)."""
    value = value.strip()
    if not _ISO_RE.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def _build(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
    if month is None:
        return None
    hour = int(groups.get("hour") or 0)
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        return datetime(
            int(groups["year"]),
            month,
            int(groups["day"]),
            hour,
            int(groups.get("minute") or 0),
            int(groups.get("second") or 0),
        )
    except ValueError:
        return None


def parse_date(value: str) -> datetime | None:
    """The date (and time) ``value`` spells, when it is nothing but a date."""
    value = value.strip()
    iso = parse_iso(value)
    if iso is not None:
        return iso
    for pattern in (_DAY_FIRST_RE, _MONTH_FIRST_RE, _CJK_RE, _DASHED_RE, _SLASH_YMD_RE):
        match = pattern.fullmatch(value)
        if match is not None:
            return _build(match)
    return None


def date_line(line: str) -> tuple[str, datetime] | None:
    """``(date text, datetime)`` when the whole line is a (labelled, bulleted) date."""
    if len(line) > 80:
        return None
    core = line.strip(_DECOR)
    label = _LABEL_RE.match(core)
    if label is not None and label.end() > 0:
        core = core[label.end() :].strip(_DECOR)
    parsed = parse_date(core)
    return (core, parsed) if parsed is not None else None
