"""Dates as news reports write them: explicit, relative, chained and Russian-language phrases, resolved to windows.

`resolve` turns a phrase ("on Wednesday afternoon", "Two days later", "ALMATY, January 5. /TASS/", "в ночь на
четверг", "last August") into a window [start, end) of aware datetimes, a precision and a one-line explanation.

Two clocks are involved. Day words ("today", "yesterday", "on Wednesday") count from the publication date on the
writer's clock: the dateline city's zone for a datelined wire report, otherwise the outlet's zone (the offset of its
`published` time). The calendar day and part of day found that way are then placed in the local time of the event's
place ("on Wednesday afternoon" is 12:00-18:00 in Almaty, UTC+6). The explanation names both clocks when they
differ.

English and Russian are understood by the rules below, which need no library. Month and weekday names in other
languages (Kazakh: "5 қаңтар", "сәрсенбі") come from dateparser's language data, imported only when a phrase is not
understood otherwise, so checking an English dataset never pays for it. Nothing here raises for odd input: a phrase
that cannot be resolved ("January 32", "recently") gives None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Literal

from .dates import MONTHS, PART_HOURS, WEEKDAYS, Precision, format_offset

#: The precision of a run of whole days ("over the weekend", "from January 2 to 5", "since Sunday").
DAYS: Literal["days"] = "days"
PhrasePrecision = Precision | Literal["days"]

#: Looks a dateline city up and gives its UTC offset (the loader passes the gazetteer's).
ZoneOf = Callable[[str], "timezone | None"]

MIN_YEAR, MAX_YEAR = 1000, 2999


@dataclass(frozen=True)
class Anchor:
    """The day a chained phrase ("two days later", "накануне") counts from, and how to name it."""

    day: date
    label: str  # "event 'csto-decision' (Wed 5 Jan 2022)", "the dateline (Wed 5 Jan 2022)"


@dataclass(frozen=True)
class PhraseResolution:
    """What a phrase means: a window in the event's local time, its precision and how it was found."""

    start: datetime
    end: datetime
    precision: PhrasePrecision
    explanation: str
    day: date  # the first calendar day meant (for a night: the evening it begins)
    last_day: date  # the last calendar day meant (== day for one day)
    open_end: bool = False  # a run or "since": the last day is the latest known, not the end
    anchored: bool = False  # counted from an Anchor (another event or a dateline)
    writer_tz: timezone | None = None
    place_tz: timezone | None = None

    @property
    def is_range(self) -> bool:
        return self.precision == DAYS


# --- vocabulary --------------------------------------------------------------------------------------------------

_EN_MONTHS: dict[str, int] = {name: i + 1 for i, name in enumerate(MONTHS)}
_EN_MONTHS.update({name[:3]: i + 1 for i, name in enumerate(MONTHS)})
_EN_MONTHS["sept"] = 9
_RU_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
                   "декабр")
_RU_MONTH_RE = (r"январ[ьяе]|феврал[ьяе]|март[аеу]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[аеу]?|"
                r"сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]|янв|фев|апр|авг|сент?|окт|нояб?|дек")
_EN_WEEKDAYS: dict[str, int] = {name: i for i, name in enumerate(WEEKDAYS)}
_RU_WEEKDAY_RE = r"понедельник[аи]?|вторник[аи]?|сред[ауые]|четверг[аи]?|пятниц[аыу]|суббот[аыу]|воскресень[еяю]"
_RU_WEEKDAY_STEMS = ("понед", "втор", "сред", "четв", "пятн", "субб", "воскр")

_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10}
_RU_NUMBERS = (("од", 1), ("дв", 2), ("тр", 3), ("чет", 4), ("пят", 5), ("шест", 6), ("сем", 7), ("восем", 8),
               ("девят", 9), ("десят", 10))
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10}
_RU_ORDINALS = (("перв", 1), ("втор", 2), ("трет", 3), ("четверт", 4), ("пят", 5), ("шест", 6), ("седьм", 7),
                ("восьм", 8), ("девят", 9), ("десят", 10))
_AGENCIES = (r"reuters|ap|afp|tass|ria novosti|ria|interfax|xinhua|anadolu|dpa|efe|ani|ians|pti|sputnik|kazinform|"
             r"тасс|риа новости|риа|интерфакс|казинформ|спутник")


@dataclass(frozen=True)
class _Vocab:
    """Month and weekday names as regex alternations, with a way back to their numbers."""

    month_re: str
    weekday_re: str
    months: tuple[tuple[str, int], ...]  # (name or stem, month)
    weekdays: tuple[tuple[str, int], ...]

    def month(self, word: str) -> int | None:
        word = word.rstrip(".")
        if word in _EN_MONTHS:
            return _EN_MONTHS[word]
        if re.fullmatch(_RU_MONTH_RE, word):
            if word.startswith("мар"):
                return 3
            for stem, number in zip(_RU_MONTH_STEMS, range(1, 13)):
                if word.startswith(stem[:3]):
                    return number
        for name, number in self.months:
            if word.startswith(name):
                return number
        return None

    def mentions_month(self, text: str) -> bool:
        """A cheap test, before compiling the patterns that need a month's name."""
        return any(self.month(word) is not None for word in re.findall(r"[^\W\d_]{3,}", text))

    def weekday(self, word: str) -> int | None:
        if word in _EN_WEEKDAYS:
            return _EN_WEEKDAYS[word]
        if re.fullmatch(_RU_WEEKDAY_RE, word):
            for stem, number in zip(_RU_WEEKDAY_STEMS, range(7)):
                if word.startswith(stem):
                    return number
        for name, number in self.weekdays:
            if word.startswith(name):
                return number
        return None


_EN_MONTH_RE = "|".join(sorted((re.escape(m) for m in _EN_MONTHS), key=len, reverse=True))
_BASE = _Vocab(month_re=rf"(?:{_EN_MONTH_RE})\.?|{_RU_MONTH_RE}\.?",
               weekday_re="|".join(WEEKDAYS) + "|" + _RU_WEEKDAY_RE, months=(), weekdays=())


@lru_cache(maxsize=16)
def _vocab_for(lang: str) -> _Vocab | None:
    """English and Russian names plus those dateparser knows for `lang` (imported here, lazily)."""
    try:
        from dateparser.languages.loader import default_loader  # type: ignore[import-untyped]

        info: dict[str, list[str] | None] = default_loader.get_locale(lang).info
    except (ImportError, ValueError, KeyError):  # dateparser missing, or a language it does not know
        return None
    months: list[tuple[str, int]] = []
    weekdays: list[tuple[str, int]] = []
    for index, name in enumerate(MONTHS):
        months += [(n.casefold(), index + 1) for n in info.get(name) or () if len(n) >= 3]
    for index, name in enumerate(WEEKDAYS):
        weekdays += [(n.casefold(), index) for n in info.get(name) or () if len(n) >= 3]
    if not months and not weekdays:
        return None
    months.sort(key=lambda m: -len(m[0]))
    weekdays.sort(key=lambda w: -len(w[0]))
    month_re = "|".join(re.escape(n) + r"\w*" for n, _ in months) or "(?!x)x"
    weekday_re = "|".join(re.escape(n) + r"\w*" for n, _ in weekdays) or "(?!x)x"
    return _Vocab(month_re=f"{_BASE.month_re}|{month_re}", weekday_re=f"{_BASE.weekday_re}|{weekday_re}",
                  months=tuple(months), weekdays=tuple(weekdays))


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word in _EN_NUMBERS:
        return _EN_NUMBERS[word]
    for stem, value in _RU_NUMBERS:
        if word.startswith(stem):
            return value
    return None


def _ordinal(word: str) -> int | None:
    digits = re.match(r"(\d{1,2})", word)
    if digits:
        return int(digits.group(1))
    if word in _EN_ORDINALS:
        return _EN_ORDINALS[word]
    word = word.replace("ё", "е")
    for stem, value in _RU_ORDINALS:
        if word.startswith(stem):
            return value
    return None


# --- the calendar meaning, before it is placed in a zone -----------------------------------------------------------

@dataclass(frozen=True)
class _Meaning:
    first: date
    last: date
    precision: PhrasePrecision
    how: str
    open_end: bool = False
    anchored: bool = False


@dataclass(frozen=True)
class _Ctx:
    today: date  # the publication day on the writer's clock
    anchor: Anchor | None
    vocab: _Vocab


class _Unresolvable(Exception):
    """A phrase that looks like a date but is not one ('January 32'): stop, resolve to None."""


def _day(year: int, month: int, day: int) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Unresolvable
    try:
        return date(year, month, day)
    except ValueError:
        raise _Unresolvable from None


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Unresolvable
    return year


def _latest(month: int, day: int, today: date) -> date:
    """The latest `day month` on or before `today` (a date written without its year)."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise _Unresolvable
    for year in (today.year, today.year - 1, today.year - 2, today.year - 3, today.year - 4):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 February in a common year
        if candidate <= today:
            return candidate
    raise _Unresolvable


def _latest_weekday(weekday: int, today: date, strictly_before: bool = False) -> date:
    back = (today.weekday() - weekday) % 7
    if strictly_before and back == 0:
        back = 7
    return today - timedelta(days=back)


def short(day: date) -> str:
    """'Wed 5 Jan 2022'."""
    return f"{WEEKDAYS[day.weekday()][:3].capitalize()} {day.day} {MONTHS[day.month - 1][:3].capitalize()} {day.year}"


def _month_label(day: date) -> str:
    return f"{MONTHS[day.month - 1].capitalize()} {day.year}"


def _normalise(phrase: str) -> str:
    text = phrase.casefold().replace("ё", "е").replace("\u00a0", " ")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[\u2018\u2019\u201c\u201d\u00ab\u00bb\"]", "", text)
    return " ".join(text.split())


class _Parser:
    """The rules, tried from the most specific to the least; each returns a meaning and the text it used."""

    def __init__(self, ctx: _Ctx):
        self.ctx = ctx
        v = ctx.vocab
        self.M = rf"(?P<m>{v.month_re})"
        self.W = rf"(?P<w>{v.weekday_re})"
        self.D = r"(?P<d>\d{1,2})(?:st|nd|rd|th|-?го|-?е)?"
        self.Y = r"(?P<y>\d{4})(?:\s*(?:г\.|года|год|году|жылы|жылғы))?"

    # a single day written out: "January 5", "5 January 2022", "2022-01-05", "05.01.2022", "Jan. 5th"
    def explicit(self, text: str) -> tuple[date, re.Match[str]] | None:
        v, ctx = self.ctx.vocab, self.ctx
        if not _has_digit(text):
            return None  # every written-out date has a number (and skipping saves compiling the patterns)
        iso = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text)
        if iso:
            return _day(_year(iso.group(1)), int(iso.group(2)), int(iso.group(3))), iso
        dotted = re.search(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", text)
        if dotted:
            return _day(_year(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1))), dotted
        patterns = (
            rf"\b{self.M}\s+{self.D}(?!\d)(?:\s*,?\s*{self.Y})?",
            rf"(?<![\d.])\b{self.D}\s+(?:of\s+)?{self.M}(?!\w)(?:\s*,?\s*{self.Y})?",
            rf"\b{self.Y}\s*,?\s+{self.D}\s+{self.M}",  # Kazakh order: 2022 жылғы 5 қаңтар
        )
        for pattern in patterns if v.mentions_month(text) else ():
            match = re.search(pattern, text)
            if match:
                month = v.month(match.group("m"))
                if month is None:
                    continue
                day = int(match.group("d"))
                if match.group("y"):
                    return _day(_year(match.group("y")), month, day), match
                return _latest(month, day, ctx.today), match
        nth = re.search(r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:day|century))", text)
        if nth:
            day = int(nth.group(1))
            return _latest(ctx.today.month, day, ctx.today) if day <= ctx.today.day else \
                _latest((ctx.today.month - 2) % 12 + 1, day, ctx.today), nth
        return None

    def weekday(self, text: str) -> tuple[date, re.Match[str], str] | None:
        match = re.search(rf"(?:\b(?P<last>last|в прошлую|в прошлый|в прошлое)\s+)?(?<!\w){self.W}(?!\w)", text)
        if not match:
            return None
        weekday = self.ctx.vocab.weekday(match.group("w"))
        if weekday is None:
            return None
        name = WEEKDAYS[weekday].capitalize()
        if match.group("last"):
            return (_latest_weekday(weekday, self.ctx.today, True), match,
                    f"the latest {name} before the day of publication")
        return _latest_weekday(weekday, self.ctx.today), match, f"the latest {name} on or before it"

    def one_day(self, text: str) -> tuple[date, re.Match[str], str] | None:
        """A day named by date, weekday or day word."""
        found = self.explicit(text)
        if found:
            return found[0], found[1], "an explicit date" + (" (year from the report)" if not re.search(
                r"\d{4}", found[1].group(0)) else "")
        weekday = self.weekday(text)
        if weekday:
            return weekday
        today = self.ctx.today
        words = ((r"\bthe day before yesterday\b|\bпозавчера\b", 2, "two days before publication"),
                 (r"\byesterday\b|\bвчера\b|\bвчерашн\w*", 1, "the day before publication"),
                 ((r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b|\bсегодня\b|\bсегодняшн\w*|"
                   r"\bat present\b|\bcurrently\b|\bnow\b|\bсейчас\b|\bв настоящее время\b"), 0,
                  "the day of publication"))
        for pattern, back, how in words:
            match = re.search(pattern, text)
            if match:
                return today - timedelta(days=back), match, how
        return None

    def parse(self, text: str) -> _Meaning | None:
        for rule in (self.night_of, self.day_range, self.run, self.chain, self.since, self.last_night, self.single,
                     self.month_or_year, self.weeks, self.bare_part):
            meaning = rule(text)
            if meaning is not None:
                return meaning
        return None

    # "on the night of January 5-6", "в ночь на четверг", "в ночь с 4 на 5 января", "overnight into Thursday"
    def night_of(self, text: str) -> _Meaning | None:
        ru = re.search(r"\bв ночь (?:с (?P<from>\d{1,2}) )?на (?P<rest>.+)", text)
        if ru:
            rest = ru.group("rest")
            if ru.group("from") and re.match(r"\d{1,2}\b", rest):
                found = self.one_day(rest)
                if found:
                    evening = found[0] - timedelta(days=1)
                    return _Meaning(evening, evening, Precision.NIGHT,
                                    f"the night from {short(evening)} into {short(found[0])}")
            found = self.one_day(rest)
            if found:
                evening = found[0] - timedelta(days=1)
                return _Meaning(evening, evening, Precision.NIGHT,
                                f"the night into {short(found[0])} ({found[2]})")
        into = re.search(r"\b(?:overnight|night)\s+(?:in)?to\s+(?P<rest>.+)", text)
        if into:
            found = self.one_day(into.group("rest"))
            if found:
                evening = found[0] - timedelta(days=1)
                return _Meaning(evening, evening, Precision.NIGHT, f"the night into {short(found[0])} ({found[2]})")
        if "night of" not in text or not _has_digit(text) or not self.ctx.vocab.mentions_month(text):
            en = None
        else:
                en = (re.search(rf"\bnight of\s+(?:the\s+)?{self.M}\s+(?P<a>\d{{1,2}})(?:st|nd|rd|th)?"
                                rf"\s*(?:-|to|and)\s*"
                            r"(?P<b>\d{1,2})(?:st|nd|rd|th)?\b", text)
                  or re.search(rf"\bnight of\s+(?:the\s+)?(?P<a>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|to|and)\s*"
                               rf"(?P<b>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{self.M}", text))
        if en:
            month = self.ctx.vocab.month(en.group("m"))
            first, second = int(en.group("a")), int(en.group("b"))
            if month is None:
                return None
            evening = _latest(month, first, self.ctx.today)
            if second != (evening + timedelta(days=1)).day:
                raise _Unresolvable
            return _Meaning(evening, evening, Precision.NIGHT,
                            f"the night from {short(evening)} into {short(evening + timedelta(days=1))}")
        single = re.search(r"\bnight of\s+(?P<rest>.+)", text)
        if single:
            found = self.one_day(single.group("rest"))
            if found:
                return _Meaning(found[0], found[0], Precision.NIGHT, f"{found[2]}: the night of {short(found[0])}")
        return None

    # "from January 2 to 5", "January 2-5", "2-5 January", "between 2 and 5 January", "с 2 по 5 января"
    def day_range(self, text: str) -> _Meaning | None:
        v = self.ctx.vocab
        if not _has_digit(text) or not v.mentions_month(text) \
                or not re.search(r"\d\s*(?:-|to|through|until|till|and|по|до)\s*(?:[^\W\d_]+\.?\s+)?\d", text):
            return None
        patterns = (
            (rf"\b(?:from\s+|between\s+)?{self.M}\s+(?P<a>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|to|through|until|till|"
             rf"and)\s*(?:(?P<n>{v.month_re})\s+)?(?P<b>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*{self.Y})?"),
            (rf"(?:\b(?:from|between|с)\s+)?(?<![\d.])\b(?P<a>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?P<n>{v.month_re}))?"
             rf"\s*(?:-|to|through|until|till|and|по|до)\s*(?P<b>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{self.M}"
             rf"(?!\w)(?:\s*,?\s*{self.Y})?"),
        )
        for pattern in patterns:
            match = re.search(pattern, text)
            if not match:
                continue
            named, other = v.month(match.group("m")), v.month(match.group("n")) if match.group("n") else None
            if pattern is patterns[0]:  # "January 2 to (February) 5": the first month is named first
                first_month, last_month = named, other or named
            else:  # "2 (January) to 5 February": the last month is named last
                first_month, last_month = other or named, named
            if first_month is None or last_month is None:
                return None
            a, b = int(match.group("a")), int(match.group("b"))
            if match.group("y"):
                year = _year(match.group("y"))
                first, last = _day(year, first_month, a), _day(year, last_month, b)
            else:
                first = _latest(first_month, a, self.ctx.today)
                last = _day(first.year + (1 if last_month < first_month else 0), last_month, b)
            if last < first:
                raise _Unresolvable
            return _Meaning(first, last, DAYS, f"the days {short(first)} to {short(last)}")
        return None

    # "for the fourth day in a row on Wednesday", "for a third straight day", "четвертый день подряд"
    def run(self, text: str) -> _Meaning | None:
        if not re.search(r"\bday\b|\bдень\b|\bсутки\b", text):
            return None
        match = re.search(
            r"\bfor (?:the|a) (?P<n>\w+) (?:day in a row|straight day|consecutive day|day running|successive day)\b|"
            r"\b(?:on )?the (?P<o>\w+) day of\b|"
            r"\b(?P<r>[\w-]+) (?:день|сутки) подряд\b|\bуже (?P<u>[\w-]+) (?:день|сутки)\b", text)
        if not match:
            return None
        word = match.group("n") or match.group("o") or match.group("r") or match.group("u")
        count = _ordinal(word)
        if not count:
            return None
        rest = text[:match.start()] + " " + text[match.end():]
        found = self.one_day(rest)
        day, how = (found[0], found[2]) if found else (self.ctx.today, "the day of publication")
        first = day - timedelta(days=count - 1)
        return _Meaning(first, day, DAYS, f"{short(day)} ({how}) was day {count}, so it began {short(first)}",
                        open_end=True)

    # "two days later", "the next day", "a day earlier", "накануне", "на следующий день", "через два дня"
    def chain(self, text: str) -> _Meaning | None:
        ago = re.search(r"\b(?P<n>\w+) (?P<u>days?|weeks?|дн[яей]+|сутки|суток|недел[юиь]) (?:ago|назад)\b|"
                        r"\b(?P<u1>week|неделю) (?:ago|назад)\b", text)
        if ago:  # always counted from publication
            groups = ago.groupdict()
            count = _number(groups["n"]) if groups["n"] else 1
            if count is None:
                return None
            days = count * (7 if (groups["u"] or groups["u1"] or "").startswith(("week", "недел")) else 1)
            day = self.ctx.today - timedelta(days=days)
            precision: PhrasePrecision = _part_in(text[:ago.start()] + " " + text[ago.end():]) or Precision.DAY
            return _Meaning(day, day, precision, f"{days} day{'s' if days != 1 else ''} before the day of "
                            f"publication: {short(day)}")
        patterns: tuple[tuple[str, int], ...] = (
            (r"\b(?P<n>\w+) days? (?:later|after(?:wards)?)\b", 1),
            ((r"\bthe (?:next|following) (?:day|morning|afternoon|evening|night)\b|\bthe day after\b(?! tomorrow)|"
              r"\bна (?:следующий|другой|второй) день\b|\bна следующее утро\b|\bследующим утром\b"), 1),
            (r"\b(?:через|спустя) (?P<n>\w+) (?:дн[яей]+|сутки|суток)\b|\b(?P<p>\w+) днями позже\b", 1),
            (r"\b(?:через|спустя) (?:день|сутки)\b|\bднем позже\b|\bднём позже\b", 1),
            (r"\b(?P<n>\w+) days? (?:earlier|before)\b(?! yesterday)", -1),
            ((r"\bthe (?:previous|preceding) (?:day|morning|afternoon|evening|night)\b|"
              r"\bthe (?:day|night|evening) before\b(?! yesterday)|\bнакануне\b|\bднем ранее\b|\bднём ранее\b"), -1),
            (r"\bза (?P<n>\w+) (?:дн[яей]+|суток) до\b|\b(?P<p>\w+) днями ранее\b", -1),
        )
        for pattern, sign in patterns:
            match = re.search(pattern, text)
            if not match:
                continue
            groups = match.groupdict()
            word = groups.get("n") or groups.get("p")
            count = _number(word) if word else 1
            if count is None:
                continue
            anchor = self.ctx.anchor
            base, base_label = (anchor.day, anchor.label) if anchor else (
                self.ctx.today, f"the day of publication ({short(self.ctx.today)})")
            rest = text[:match.start()] + " " + text[match.end():]
            day = base + timedelta(days=sign * count)
            part = _part_in(match.group(0)) or _part_in(rest)
            what = f"{count} day{'s' if count != 1 else ''} {'after' if sign > 0 else 'before'} {base_label}"
            return _Meaning(day, day, part or Precision.DAY, f"{what}: {short(day)}", anchored=anchor is not None)
        return None

    # "since Sunday", "since January 2", "с воскресенья", "со среды", "с 2 января"
    def since(self, text: str) -> _Meaning | None:
        match = re.search(r"\b(?:since|с|со)\s+(?P<rest>.+)", text)
        if not match or re.match(r"\d{4}\b", match.group("rest")):
            return None
        rest = match.group("rest")
        if re.match(r"(?:сред|суббот|пятниц)ы\b", rest):
            rest = rest.replace("ы", "у", 1)  # "со среды" -> "среду"
        found = self.one_day(rest)
        if not found or found[1].start() != 0:
            return None
        first = found[0]
        return _Meaning(first, self.ctx.today, DAYS, f"from {short(first)} ({found[2]}) until publication",
                        open_end=True)

    # "last night", "overnight"
    def last_night(self, text: str) -> _Meaning | None:
        if re.search(r"\blast night\b|\bovernight\b|\b(?:этой|минувшей|прошлой|сегодня) ночью\b|"
                     r"\bв минувшую ночь\b|\bв эту ночь\b", text) and not self.weekday(text) \
                and not self.explicit(text):
            evening = self.ctx.today - timedelta(days=1)
            return _Meaning(evening, evening, Precision.NIGHT,
                            f"the night before the day of publication, from {short(evening)}")
        return None

    # "last August", "in 2019", "till 2019", "May 1992", "since 2018", "в августе прошлого года", "last month"
    def month_or_year(self, text: str) -> _Meaning | None:
        v, today = self.ctx.vocab, self.ctx.today
        digits = _has_digit(text)
        months = v.mentions_month(text)
        month_year = _search(digits and months, rf"(?<!\d)(?<!\d\s)\b{self.M}(?!\w)\s*,?\s*(?:of\s+)?{self.Y}", text)
        if month_year:
            month = v.month(month_year.group("m"))
            if month is not None:
                first = _day(_year(month_year.group("y")), month, 1)
                return _Meaning(first, first, Precision.MONTH, f"the month {_month_label(first)}")
        lastish = months and ("last" in text or "прошл" in text)
        last = (_search(lastish, rf"\b(?:last|в прошлом)\s+{self.M}(?!\w)", text)
                or _search(lastish, rf"\b{self.M}\s+прошлого года\b", text))
        if last:
            month = v.month(last.group("m"))
            if month is not None:
                year = today.year if month < today.month else today.year - 1
                if "прошлого года" in last.group(0):
                    year = today.year - 1
                first = _day(year, month, 1)
                return _Meaning(first, first, Precision.MONTH, f"the latest {MONTHS[month - 1].capitalize()} "
                                f"before the month of publication: {_month_label(first)}")
        thisish = months and re.search(r"\bthis\b|\bэтом\b|\bэтого\b|\bтекущего\b", text) is not None
        this = (_search(thisish, rf"\b(?:this|в этом)\s+{self.M}(?!\w)", text)
                or _search(thisish, rf"\b{self.M}\s+(?:этого|текущего) года\b", text))
        if this:
            month = v.month(this.group("m"))
            if month is not None:
                first = _day(today.year, month, 1)
                return _Meaning(first, first, Precision.MONTH, f"{_month_label(first)}, the year of publication")
        in_year = _search(digits, r"\b(?:in|till|until|since|by|from|в|до|с|к)\s+(?:the year\s+)?(?P<y>\d{4})\b"
                          r"(?:\s*(?:г\.|года|год|году|жылы))?", text)
        if in_year:
            first = _day(_year(in_year.group("y")), 1, 1)
            return _Meaning(first, first, Precision.YEAR, f"the year {first.year}")
        relative = (
            (r"\blast month\b|\bв прошлом месяце\b", "month", -1),
            (r"(?<!earlier )\bthis month\b|\bв этом месяце\b", "month", 0),
            (r"\blast year\b|\bв прошлом году\b", "year", -1), (r"\bthis year\b|\bв этом году\b", "year", 0),
        )
        for pattern, unit, step in relative:
            if re.search(pattern, text):
                if unit == "year":
                    first = _day(today.year + step, 1, 1)
                    return _Meaning(first, first, Precision.YEAR, f"the year {first.year}")
                month_start = today.replace(day=1)
                first = (month_start - timedelta(days=1)).replace(day=1) if step else month_start
                return _Meaning(first, first, Precision.MONTH, f"the month {_month_label(first)}")
        in_month = _search(months and re.search(r"\b(?:in|в|во)\s", text) is not None,
                           rf"\b(?:in|в|во)\s+(?:early\s+|late\s+|mid-?)?{self.M}(?!\w)", text)
        if in_month:
            month = v.month(in_month.group("m"))
            if month is not None:
                year = today.year if month <= today.month else today.year - 1
                first = _day(year, month, 1)
                return _Meaning(first, first, Precision.MONTH, f"the latest {MONTHS[month - 1].capitalize()} "
                                f"on or before publication: {_month_label(first)}")
        return None

    # "over the weekend", "earlier this week", "last week", "на прошлой неделе", "в выходные"
    def weeks(self, text: str) -> _Meaning | None:
        today = self.ctx.today
        monday = today - timedelta(days=today.weekday())
        if re.search(r"\b(?:over|at|during) the weekend\b|\b(?:this|last) weekend\b|\bв (?:минувшие |прошлые )?"
                     r"выходные\b|\bна (?:минувших |прошлых )?выходных\b", text):
            sunday = _latest_weekday(6, today)
            return _Meaning(sunday - timedelta(days=1), sunday, DAYS,
                            f"the latest weekend on or before publication: {short(sunday - timedelta(days=1))} – "
                            f"{short(sunday)}")
        if re.search(r"\bearlier this week\b|\bв начале (?:этой )?недели\b", text):
            if today == monday:
                raise _Unresolvable
            return _Meaning(monday, today - timedelta(days=1), DAYS,
                            f"from the Monday of the week of publication to the day before: {short(monday)} – "
                            f"{short(today - timedelta(days=1))}")
        if re.search(r"\bthis week\b|\bна этой неделе\b", text):
            return _Meaning(monday, today, DAYS, f"the week of publication so far: {short(monday)} – {short(today)}")
        if re.search(r"\blast week\b|\bна прошлой неделе\b|\bна минувшей неделе\b", text):
            first = monday - timedelta(days=7)
            return _Meaning(first, monday - timedelta(days=1), DAYS,
                            f"the week before the week of publication: {short(first)} – "
                            f"{short(monday - timedelta(days=1))}")
        if re.search(r"\bearlier this month\b|\bв начале (?:этого )?месяца\b", text):
            first = today.replace(day=1)
            if today == first:
                raise _Unresolvable
            return _Meaning(first, today - timedelta(days=1), DAYS,
                            f"from the first of the month of publication to the day before: {short(first)} – "
                            f"{short(today - timedelta(days=1))}")
        return None

    def single(self, text: str) -> _Meaning | None:
        found = self.one_day(text)
        if not found:
            return None
        day, match, how = found
        rest = text[:match.start()] + " " + text[match.end():]
        part = _part_in(match.group(0)) or _part_in(rest)
        if re.search(r"\btonight\b", match.group(0)):
            part = Precision.NIGHT
        precision: PhrasePrecision = part or Precision.DAY
        return _Meaning(day, day, precision, f"{how}: {short(day)}")

    def bare_part(self, text: str) -> _Meaning | None:
        """'утром', 'this morning' alone: that part of the day of publication."""
        part = _part_in(text)
        if part is None or not re.fullmatch(r"(?:in the |this |рано |поздно )?\w+", text):
            return None
        if part is Precision.NIGHT and re.search(r"ноч", text):
            evening = self.ctx.today - timedelta(days=1)
            return _Meaning(evening, evening, part, f"the night before the day of publication, from {short(evening)}")
        return _Meaning(self.ctx.today, self.ctx.today, part, f"the day of publication: {short(self.ctx.today)}")


def _search(worth_trying: bool, pattern: str, text: str) -> re.Match[str] | None:
    """re.search, skipped (and its pattern never compiled) when a cheap test has shown it cannot match."""
    return re.search(pattern, text) if worth_trying else None


def _has_digit(text: str) -> bool:
    return any(char.isdigit() for char in text)


def _part_in(text: str) -> Precision | None:
    """The part of the day a phrase names, if any ("late" alone is the evening, "early" alone the early morning)."""
    early = re.search(r"\b(?:early|рано)\b", text) is not None
    if re.search(r"\b(?:night|overnight|tonight|ночью|ночь|ночи)\b", text):
        return Precision.NIGHT
    if re.search(r"\b(?:afternoon|днем|днём|во второй половине дня|после обеда)\b", text):
        return Precision.AFTERNOON
    if re.search(r"\b(?:evening|вечером|вечер|вечера)\b", text):
        return Precision.EVENING
    if re.search(r"\b(?:morning|утром|утро|утра|в первой половине дня)\b", text):
        return Precision.EARLY_MORNING if early else Precision.MORNING
    if early:
        return Precision.EARLY_MORNING
    if re.search(r"\b(?:late|поздно)\b", text):
        return Precision.EVENING
    return None


# --- datelines ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dateline:
    """A wire report's dateline: 'ALMATY, January 5. /TASS/', 'Jan 5 (Reuters) -', 'NUR-SULTAN, Kazakhstan (AP) —'."""

    start: int
    end: int
    city: str  # as written; "" when the dateline names no city
    date_text: str  # "January 5"; "" when it gives no date


_DATELINE_PATTERN = (
    r"(?m)^[ \t]*(?:(?P<city>[^\W\d_][^\W\d_'’-]*(?:[- ][^\W\d_'’-]+){0,3})\s*,\s*"
    r"(?:(?P<country>[^\W\d_][\w-]*)\b\s*,?\s*)?)?"
    r"(?P<date>\b(?:[^\W\d_]{3,10}\.?\s+\d{1,2}|\d{1,2}\s+[^\W\d_]{3,10}\.?)(?:,?\s*\d{4})?)?\s*[.,]?\s*"
    rf"(?:/\s*(?P<a1>{_AGENCIES})\s*/|\(\s*(?P<a2>{_AGENCIES})\s*\)|[-\u2013\u2014]\s*(?P<a3>{_AGENCIES})\b)\s*\.?\s*[-\u2013\u2014]*")
_AGENCY_MARK = rf"[/(\u2013\u2014-]\s*(?:{_AGENCIES})\b"


def find_datelines(text: str) -> list[Dateline]:
    """Every dateline at the start of a line of `text`."""
    out: list[Dateline] = []
    if not re.search(_AGENCY_MARK, text, re.IGNORECASE):
        return out  # no agency's mark, no dateline (and the long pattern is not compiled)
    for match in re.finditer(_DATELINE_PATTERN, text, re.IGNORECASE):
        if not (match.group("city") or match.group("date")):
            continue
        out.append(Dateline(match.start(), match.end(), (match.group("city") or "").strip(),
                            (match.group("date") or "").strip().rstrip(".")))
    return out


def dateline_before(text: str, offset: int) -> Dateline | None:
    """The dateline that governs the passage at `offset` (the last one before it)."""
    found = None
    for dateline in find_datelines(text[:offset + 1]):
        found = dateline
    return found


# --- the public function ----------------------------------------------------------------------------------------

def writer_today(published: datetime, writer_tz: timezone | None, published_precision: Precision) -> date:
    """The day of publication on the writer's clock (a publication known only to the day keeps its day)."""
    if published_precision in (Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.BY) or writer_tz is None:
        return published.date()
    return published.astimezone(writer_tz).date()


def resolve(phrase: str, published: datetime, *, place_tz: timezone | None = None, writer_tz: timezone | None = None,
            published_precision: Precision = Precision.MINUTE, lang: str | None = None, anchor: Anchor | None = None,
            zone_of: ZoneOf | None = None, dateline: Dateline | None = None) -> PhraseResolution | None:
    """What `phrase` from a report published at `published` means, in the local time of the event's place.

    `writer_tz` is the outlet's zone (default: the offset of `published`); a dateline (in the phrase itself, or
    given as the dateline that governs the phrase's passage) replaces it with its city's zone through `zone_of`.
    `anchor` is the day chained phrases count from ("two days later"); without it they count from the dateline's
    date, or else from publication. `place_tz` is the event's zone (default: the writer's). Returns None when the
    phrase cannot be resolved.
    """
    try:
        return _resolve(phrase, published, place_tz, writer_tz, published_precision, lang, anchor, zone_of, dateline)
    except (_Unresolvable, ValueError, OverflowError):
        return None


def _resolve(phrase: str, published: datetime, place_tz: timezone | None, writer_tz: timezone | None,
             published_precision: Precision, lang: str | None, anchor: Anchor | None, zone_of: ZoneOf | None,
             dateline: Dateline | None) -> PhraseResolution | None:
    if published.tzinfo is None:
        raise _Unresolvable
    text = _normalise(phrase)
    if not text or len(text) > 400:
        return None
    own = find_datelines(phrase.strip())
    own_dateline = own[0] if own and own[0].start == 0 else None
    line = own_dateline or dateline
    outlet_tz = writer_tz or _fixed(published)
    clock_name = f"the outlet's clock (UTC{short_offset(outlet_tz)})"
    writer = outlet_tz
    if line is not None and line.city and zone_of is not None:
        zone = zone_of(line.city)
        if zone is not None:
            writer = zone
            clock_name = f"the dateline's clock ({line.city.title()}, UTC{short_offset(zone)})"
    today = writer_today(published, writer, published_precision)
    vocab = _BASE
    if line is not None and line.date_text and anchor is None:
        line_day = _Parser(_Ctx(today, None, vocab)).explicit(_normalise(line.date_text))
        if line_day is not None:
            anchor = Anchor(line_day[0], f"the dateline ({short(line_day[0])})")
    meaning: _Meaning | None = None
    if own_dateline is not None:
        body = _normalise(phrase.strip()[own_dateline.end:])
        head = _normalise(own_dateline.date_text)
        if not body:
            found = _Parser(_Ctx(today, None, vocab)).explicit(head) if head else None
            if found:
                meaning = _Meaning(found[0], found[0], Precision.DAY, f"the dateline's date: {short(found[0])}")
            elif not head:
                meaning = _Meaning(today, today, Precision.DAY, f"the dateline: the day of publication, {short(today)}")
        else:
            text = body
    if meaning is None:
        meaning = _Parser(_Ctx(today, anchor, vocab)).parse(text)
    if meaning is None:
        meaning = _other_language(text, today, anchor, lang)
    if meaning is None:
        return None
    place = place_tz or writer
    start, end = _place(meaning, place)
    report = f"the report of {short(today)}"
    clocks = ""
    if writer != place or (line is not None and line.city and writer != outlet_tz):
        published_at = ""
        if published_precision in (Precision.MINUTE, Precision.HOUR):
            local, there = published.astimezone(writer), published.astimezone(place)
            published_at = f", published {local.strftime('%H:%M')} {short(local.date())}"
            if there.date() != local.date():
                published_at += f" (already {there.strftime('%H:%M')} {short(there.date())} at the event)"
        clocks = (f"; day counted on {clock_name}{published_at}, placed in local time at the event "
                  f"(UTC{short_offset(place)}): {_span_label(start, end)}")
    explanation = f"'{phrase.strip()}' in {report} → {meaning.how}{_part_label(meaning.precision)}{clocks}"
    last = meaning.last
    if meaning.precision in (Precision.MONTH, Precision.YEAR):
        last = end.date() - timedelta(days=1)  # the month's or year's last day
    return PhraseResolution(start, end, meaning.precision, explanation, meaning.first, last, meaning.open_end,
                            meaning.anchored, writer, place)


def _other_language(text: str, today: date, anchor: Anchor | None, lang: str | None) -> _Meaning | None:
    """Month and weekday names from dateparser's data, for languages beyond English and Russian."""
    if re.fullmatch(r"[\x00-\x7f]*", text) and lang in (None, "en"):
        return None  # plain English the rules did not understand: no other language will help
    languages = [lang] if lang and lang not in ("en", "ru") else ["kk"]
    for code in languages:
        vocab = _vocab_for(code)
        if vocab is None:
            continue
        meaning = _Parser(_Ctx(today, anchor, vocab)).parse(text)
        if meaning is not None:
            return replace(meaning, how=f"{meaning.how} ({code} names from dateparser)")
    return None


def _fixed(value: datetime) -> timezone:
    offset = value.utcoffset()
    return timezone(offset) if offset is not None else UTC


def _place(meaning: _Meaning, tz: timezone) -> tuple[datetime, datetime]:
    """The meaning's calendar days placed in the local time of `tz`."""
    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(0), tz)

    first, precision = meaning.first, meaning.precision
    if precision is Precision.YEAR:
        return midnight(date(first.year, 1, 1)), midnight(date(first.year + 1, 1, 1))
    if precision is Precision.MONTH:
        nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return midnight(first.replace(day=1)), midnight(nxt)
    if isinstance(precision, Precision) and precision in PART_HOURS:
        low, high = PART_HOURS[precision]
        return midnight(first) + timedelta(hours=low), midnight(first) + timedelta(hours=high)
    return midnight(first), midnight(meaning.last + timedelta(days=1))


def _part_label(precision: PhrasePrecision) -> str:
    if isinstance(precision, Precision) and precision in PART_HOURS:
        return f", {precision.value.replace('-', ' ')}"
    return ""


def _span_label(start: datetime, end: datetime) -> str:
    last = end - timedelta(microseconds=1)
    if start.date() == last.date():
        until = end.strftime('%H:%M') if end.time() != time(0) else '24:00'
        return f"{start.strftime('%H:%M')}–{until} {short(start.date())}"
    return f"{start.strftime('%H:%M')} {short(start.date())} – {end.strftime('%H:%M')} {short(end.date())}"


def short_offset(tz: timezone) -> str:
    """'+6', '+5:30', '-3'."""
    text = format_offset(tz)
    hours, minutes = text[:3], text[4:]
    return f"{hours[0]}{int(hours[1:])}" + (f":{minutes}" if minutes != "00" else "")


# --- does an event's date agree with its phrase? -------------------------------------------------------------------

def disagreement(resolution: PhraseResolution, value: date | datetime, precision: Precision,
                 end: date | datetime | None = None) -> tuple[str, str] | None:
    """None when an event's `date`, `precision` and `end` agree with what its phrase resolves to; otherwise the
    field that disagrees ('date', 'precision' or 'end') and a message that ends with the phrase's explanation."""
    why = resolution.explanation
    local_day = value.date() if isinstance(value, datetime) else value
    if isinstance(value, datetime) and precision in (Precision.HOUR, Precision.MINUTE):
        if not resolution.start <= value < resolution.end:
            return "date", f"{value.isoformat()} is outside what its source phrase says: {why}"
        return None
    if precision is Precision.BY:
        if local_day != resolution.last_day:
            return "date", f"{local_day} does not match its source phrase: {why}"
        return None
    if resolution.precision == DAYS:
        if precision in PART_HOURS:
            return "precision", (f"'{precision}' is more precise than its source phrase, which gives a run of "
                                 f"days: {why}")
        if end is not None:
            end_day = end.date() if isinstance(end, datetime) else end
            if local_day != resolution.day:
                return "date", (f"{local_day} does not match its source phrase (the run of days begins "
                               f"{resolution.day}): {why}")
            if resolution.open_end and end_day < resolution.last_day:
                return "end", f"{end_day} ends before its source phrase's last day {resolution.last_day}: {why}"
            if not resolution.open_end and end_day != resolution.last_day:
                return "end", (f"{end_day} does not match its source phrase (the days end {resolution.last_day}): "
                              f"{why}")
            return None
        if not resolution.day <= local_day <= resolution.last_day:
            return "date", (f"{local_day} does not match its source phrase (it gives {resolution.day} to "
                           f"{resolution.last_day}): {why}")
        return None
    if local_day != resolution.day:
        return "date", f"{local_day} does not match its source phrase: {why}"
    if resolution.precision is Precision.DAY:
        if precision is not Precision.DAY:
            return "precision", f"'{precision}' does not match its source phrase, which gives the whole day: {why}"
        return None
    if precision is not resolution.precision:
        return "precision", f"'{precision}' does not match its source phrase: {why}"
    return None


@dataclass(frozen=True)
class Resolution:
    """What a source phrase means once anchored to the report's publication date: its first day, in short."""

    day: date
    precision: Precision
    explanation: str


def resolve_phrase(phrase: str, published: date) -> Resolution | None:
    """Resolve a date phrase ('on Wednesday afternoon', 'today', 'last August') against a report's date.

    Returns None when the phrase cannot be resolved. A shorthand for `resolve` (which also takes the publication
    time, the writer's and the event's zones, and an anchor for chained phrases); a run of days gives its first day.
    """
    found = resolve(phrase, datetime.combine(published, time(0), timezone(timedelta(0))),
                    published_precision=Precision.DAY)
    if found is None:
        return None
    precision = found.precision if isinstance(found.precision, Precision) else Precision.DAY
    return Resolution(found.day, precision, found.explanation)
