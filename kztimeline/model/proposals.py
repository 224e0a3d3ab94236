"""Date phrases in a passage of source text, each with its span and resolution, for the event editor to offer.

`propose` scans English and Russian text for everything that states a time ("on Wednesday afternoon", "for the
fourth day in a row on Wednesday", "Two days later", "5 января 2022 года", "в ночь на четверг", wire datelines)
and resolves each with the same `phrases.resolve` that `kztimeline check` and `kztimeline date` use, so what the
editor proposes is exactly what the check will accept. Candidates that do not resolve are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from .dates import Precision
from .phrases import _BASE, PhraseResolution, ZoneOf, dateline_before, find_datelines, resolve


@dataclass(frozen=True)
class Proposal:
    """A date phrase found in a text: [start, end) offsets, the phrase as written, and what it resolves to."""

    start: int
    end: int
    phrase: str
    resolution: PhraseResolution


_NUMBER = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
_RU_NUMBER = r"(?:\d{1,2}|два|две|двух|три|трех|трёх|четыре|четырех|пять|пяти|шесть|семь|десять)"
_ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
_RU_ORDINAL = (r"(?:\d{1,2}-[йеоя]\w*|перв\w+|втор\w+|трет\w+|четв[её]рт\w+|пят\w+|шест\w+|седьм\w+|восьм\w+|"
               r"девят\w+|десят\w+)")
_PART = (r"(?:morning|afternoon|evening|night|утром|днем|днём|вечером|ночью|"
         r"во второй половине дня|в первой половине дня)")


@lru_cache(maxsize=1)
def _scanner() -> re.Pattern[str]:
    month, weekday = _BASE.month_re, _BASE.weekday_re
    day = r"\d{1,2}(?:st|nd|rd|th|-?го)?"
    year = r"\d{4}(?:\s*(?:г\.|года|году|год))?"
    date_forms = (
        r"\d{4}-\d{1,2}-\d{1,2}",
        r"\d{1,2}\.\d{1,2}\.\d{4}",
        rf"(?:{month})\s+{day}\s*(?:-|to|through|until|till|and)\s*(?:(?:{month})\s+)?{day}(?:,?\s*{year})?",
        rf"{day}(?:\s+(?:{month}))?\s*(?:-|to|until|till|and|по|до)\s*{day}\s+(?:of\s+)?(?:{month})(?:,?\s*{year})?",
        rf"(?:{month})\s+{day}(?!\d)(?:,?\s*{year})?",
        rf"{day}\s+(?:of\s+)?(?:{month})(?!\w)(?:,?\s*{year})?",
        r"the\s+\d{1,2}(?:st|nd|rd|th)\b",
    )
    core = "|".join([
        *date_forms,
        rf"(?:{month})\s*,?\s*{year}",
        rf"(?:{month})\s+прошлого года",
        r"(?:in|till|until|since|by|в|до|с)\s+\d{4}(?:\s*(?:г\.|года|году|год))?",
        rf"(?:last|this)\s+(?:{month})",
        rf"(?:in|в|во)\s+(?:{month})",
        rf"(?:last\s+|в\s+прошлую\s+|в\s+прошлый\s+)?(?:{weekday})",
        r"the day before yesterday|yesterday|today|tonight|last night|overnight|this (?:morning|afternoon|evening)",
        r"позавчера|вчера|сегодня|накануне|(?:этой|минувшей|прошлой) ночью|в минувшую ночь",
        rf"{_NUMBER}\s+days?\s+(?:later|after|earlier|before|ago)(?!\s+yesterday)|a week ago",
        rf"{_RU_NUMBER}\s+(?:дня|дней|суток)\s+назад|неделю назад",
        (r"the (?:next|following|previous|preceding) (?:day|morning|afternoon|evening|night)|the day after"
         r"|the (?:day|night|evening) before(?! yesterday)"),
        (r"на (?:следующий|другой) день|на следующее утро|(?:через|спустя) (?:день|сутки)"
         rf"|(?:через|спустя) {_RU_NUMBER} (?:дня|дней|суток)|за {_RU_NUMBER} (?:дня|дней) до"),
        (r"(?:over|at|during) the weekend|(?:this|last) weekend|earlier this (?:week|month)|(?:this|last) week"
         r"|(?:this|last) (?:month|year)"),
        (r"в (?:минувшие |прошлые )?выходные|на (?:минувших |прошлых )?выходных|на (?:прошлой|минувшей|этой) неделе"
         r"|в (?:прошлом|этом) (?:месяце|году)"),
    ])
    prefix = (rf"(?:(?:for (?:the|a) {_ORDINAL} (?:day in a row|straight day|consecutive day|day running)|"
              rf"(?:уже )?{_RU_ORDINAL} (?:день|сутки) подряд|"
              r"late on|early on|late|early|on|from|since|between|the night of|night of|on the night of|"
              r"overnight (?:in)?to|в ночь (?:с \d{1,2} )?на|в|во|на|с|со|"
              rf"рано утром|поздно вечером|{_PART})\s+)*")
    suffix = (rf"(?:\s*,?\s+(?:{_PART}|night|for the {_ORDINAL} (?:day in a row|straight day|consecutive day)|"
              rf"{_RU_ORDINAL} (?:день|сутки) подряд))*")
    return re.compile(rf"(?<!\w)(?:{prefix})(?:{core})(?!\w){suffix}", re.IGNORECASE)


def propose(text: str, published: datetime, *, place_tz: timezone | None = None, writer_tz: timezone | None = None,
            published_precision: Precision = Precision.MINUTE, lang: str | None = None,
            zone_of: ZoneOf | None = None) -> list[Proposal]:
    """Every date phrase in `text` that resolves, in text order, with its span and resolution."""
    out: list[Proposal] = []
    taken: list[tuple[int, int]] = []
    for line in find_datelines(text):
        phrase = text[line.start:line.end].strip()
        found = resolve(phrase, published, place_tz=place_tz, writer_tz=writer_tz,
                        published_precision=published_precision, lang=lang, zone_of=zone_of)
        if found is not None:
            start = line.start + (len(text[line.start:line.end]) - len(text[line.start:line.end].lstrip()))
            out.append(Proposal(start, start + len(phrase), phrase, found))
            taken.append((line.start, line.end))
    for match in _scanner().finditer(text):
        start, end = match.span()
        if any(start < stop and end > begin for begin, stop in taken):
            continue
        phrase = match.group(0)
        found = resolve(phrase, published, place_tz=place_tz, writer_tz=writer_tz,
                        published_precision=published_precision, lang=lang, zone_of=zone_of,
                        dateline=dateline_before(text, start))
        if found is None:
            continue
        out.append(Proposal(start, end, phrase, found))
    return sorted(out, key=lambda p: p.start)
