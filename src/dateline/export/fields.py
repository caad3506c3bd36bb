"""Small formatters shared by the GDELT event and GKG writers: dates, numbers, and text
made safe for GDELT's nested delimiters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Every character a line-oriented reader may take for the end of a line or a field.
_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class DateParts:
    """A date as precise as it was given: year, and month and day when known."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def sqldate(self) -> str:
        """YYYYMMDD, or "" when the day is not known."""
        if self.month is None or self.day is None:
            return ""
        return f"{self.year:04d}{self.month:02d}{self.day:02d}"

    @property
    def month_year(self) -> str:
        return "" if self.month is None else f"{self.year:04d}{self.month:02d}"

    @property
    def fraction_date(self) -> str:
        """YYYY.FFFF with FFFF = ((month - 1) * 30 + day) / 365, truncated to 4 places.

        The codebook prints the formula as (MONTH * 30 + DAY) / 365, but GDELT's published
        rows use month − 1 (2014-02-02 is 2014.0876), and readers compare with those rows.
        """
        if self.month is None or self.day is None:
            return ""
        days = (self.month - 1) * 30 + self.day
        return f"{self.year:04d}.{days * 10000 // 365:04d}"


def parse_date(value: str | None) -> DateParts | None:
    """The leading ISO date of a value ("2014-12-11", "2014-09", "2014", "2014-09/2015-03");
    None when there is none or it is not a real calendar date."""
    match = _DATE.match(value or "")
    if not match:
        return None
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return DateParts(year, month, day)


def decimal(value: float | None, places: int) -> str:
    """A float with at most ``places`` decimals and at least one ("38.0", "50.4333")."""
    if value is None:
        return ""
    text = f"{value:.{places}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def one_line(text: str | None) -> str:
    """Text with every line or field break made a space: a GDELT row is one line of
    tab-separated fields and the format has no escapes."""
    return _BREAKS.sub(" ", text or "")


def part(text: str | None, delimiters: str = "#;,|") -> str:
    """Text safe inside a nested GKG field: the delimiters of the field's blocks removed,
    whitespace collapsed."""
    cleaned = one_line(text)
    for char in delimiters:
        cleaned = cleaned.replace(char, " ")
    return _SPACES.sub(" ", cleaned).strip()


def lead_end(text: str) -> int:
    """Where the lead paragraph ends: paragraphs are separated by a blank line."""
    end = text.find("\n\n")
    return len(text) if end < 0 else end
