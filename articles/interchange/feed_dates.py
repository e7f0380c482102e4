"""Feed dates feedparser cannot read: RFC 822 written in another language.

Feeds are meant to write RFC 822 dates in English, and many Portuguese,
Spanish, French, German, Italian and Dutch publishers write them in their own
("Seg, 24 Set 2018 19:42:40 -0300"). feedparser knows English and a few
other languages, not these: their month names are put in English here and the
date read by the standard library's RFC 2822 parser (`email.utils`). A date
still unreadable is the caller's to report; it is never replaced by the
import time in silence.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

ENGLISH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip

# Month names and abbreviations, accents dropped, lower case; no name means
# two different months in two of these languages.
MONTH_NAMES = (
    "jan janeiro enero ene gen gennaio janv janvier januar januari jan jänner",
    "fev fevereiro feb febrero febbraio fevr fevrier februar februari",
    "mar marco marzo mars mrz mrt marz maart",
    "abr abril apr aprile avr avril april",
    "mai maio may mayo mag maggio mei",
    "jun junho junio giu giugno juin juni",
    "jul julho julio lug luglio juil juillet juli",
    "ago agosto aug aout august augustus",
    "set setembro sep sept septiembre setiembre settembre septembre september",
    "out outubro oct octubre ott ottobre octobre okt oktober",
    "nov novembro noviembre novembre november",
    "dez dezembro dic diciembre dicembre dec decembre dezember december",
)
MONTHS = {
    unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode(): english
    for english, names in zip(ENGLISH, MONTH_NAMES, strict=True)
    for name in names.split()
}

# The weekday in front ("Seg,", "sáb.", "Dienstag,"): RFC 822 lets it go.
WEEKDAY = re.compile(r"^\s*[^\W\d_]+\.?,?\s+(?=\d)")
WORD = re.compile(r"[^\W\d_]+\.?")
MAX_DATE_LENGTH = 100


def localized_date(text: str) -> datetime | None:
    """An RFC 822 date whose month (and weekday) may be in another language,
    aware and in UTC; None when it still is no date. A date without a zone
    is taken as UTC, as feedparser does."""
    if not text or len(text) > MAX_DATE_LENGTH:
        return None
    english = WORD.sub(_in_english, WEEKDAY.sub("", text), count=1)
    try:
        when = parsedate_to_datetime(english)
    except (TypeError, ValueError, IndexError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def _in_english(match: re.Match[str]) -> str:
    word = match[0].rstrip(".")
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return MONTHS.get(plain.casefold(), word)
