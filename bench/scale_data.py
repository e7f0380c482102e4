"""The data of bench/scale.py: a newsroom's ten years of stories, generated in
Python and streamed into PostgreSQL with COPY (no ORM, no row-by-row INSERT).

Each article row and its delivery document are made from the same values, the
document in exactly the shape `ArticleSerializer` gives (scale.py checks a
sample against the serializer before measuring anything)."""

from __future__ import annotations

import random
import re
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

import orjson

SECTIONS = {
    "World": ["Europe", "Asia", "Americas", "Africa", "Middle East"],
    "Canada": ["Ontario", "Quebec", "British Columbia"],
    "Business": ["Markets", "Technology"],
    "Sport": ["Hockey", "Soccer", "Basketball"],
    "Politics": [],
    "Arts": [],
    "Opinion": [],
    "Science": [],
    "Health": [],
}
AGENCIES = [
    ("The Associated Press", "AP"),
    ("Reuters", ""),
    ("The Canadian Press", "CP"),
    ("Agence France-Presse", "AFP"),
    ("Bloomberg", ""),
]
# The head of the vocabulary: real words, so "minister" or "election" match a
# large share of the stories, as they would in a newspaper.
_COMMON = """government minister police city council market election court
health school federal province police officials report company workers prices
economy budget vote party leader police hospital water energy climate storm
fire community family children president country war peace talks deal trade
bank rates housing rent transit airport border security military troops
attack crisis protest union strike contract season game team coach players
goal win loss league championship film music festival book artist museum
science research study scientists data virus vaccine doctors patients care
technology internet software phone social media online court judge trial
lawyer charges investigation inquiry report minister premier mayor senator
campaign poll voters candidate debate policy reform tax spending deficit
growth jobs inflation oil gas pipeline mining forest river coast weather
flood drought wildfire road highway bridge crash victims rescue emergency
cost million billion percent week month year morning night weekend summer
winter spring autumn village town region capital north south east west"""
COMMON = list(dict.fromkeys(_COMMON.split()))
PHRASES = ["prime minister", "interest rates", "climate change", "city council"]
WORDS_IN_TAIL = 20_000
RARE_WORDS = 200_000  # one in each headline: about five stories each at 1M
SENTENCES = 40_000
TAGS = 3_000
STAFF = 3_000
YEARS = 10

SYLLABLES = [c + v for c in "bdklmnprstvz" for v in "aeiou"]
ENDINGS = ["n", "r", "s", "l", "t", "x", "m", "nd", "rk"]


def invented_words(rng: random.Random, count: int, syllables: int) -> list[str]:
    """Distinct pronounceable non-words (they stem to themselves, more or less)."""
    seen: set[str] = set()
    words = []
    while len(words) < count:
        word = "".join(rng.choices(SYLLABLES, k=syllables)) + rng.choice(ENDINGS)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def slug_of(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def stamp(moment: datetime) -> str:
    """A date-time as DRF writes it (whole seconds, UTC as Z)."""
    return moment.isoformat().replace("+00:00", "Z")


def copy_text(value) -> str:
    """One field of COPY's text format."""
    if value is None:
        return "\\N"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


@dataclass
class Newsroom:
    """Sections, tags and contributors, and how often each is used."""

    seed: int
    now: datetime
    sections: list[dict] = field(default_factory=list)
    tags: list[dict] = field(default_factory=list)
    contributors: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = self.rng = random.Random(self.seed)
        for parent, children in SECTIONS.items():
            top = {"id": len(self.sections) + 1, "name": parent, "parent": None}
            self.sections.append(top)
            for child in children:
                self.sections.append(
                    {"id": len(self.sections) + 1, "name": child, "parent": top["id"]}
                )
        for section in self.sections:
            section["slug"] = slug_of(section["name"])
        # Big sections and small ones (Zipf-like), tags from a few very busy
        # ones to a long tail, a few prolific writers and many occasional ones.
        self.section_weights = _cumulative(len(self.sections), 0.8)
        tag_words = invented_words(rng, TAGS, 2)
        self.tags = [
            {"id": n + 1, "name": word.capitalize(), "slug": word}
            for n, word in enumerate(tag_words)
        ]
        self.tag_weights = _cumulative(TAGS, 0.9)
        first, last = invented_words(rng, 400, 2), invented_words(rng, 2000, 3)
        names = set()
        while len(names) < STAFF:
            names.add(
                f"{rng.choice(first).capitalize()} {rng.choice(last).capitalize()}"
            )
        for n, name in enumerate(sorted(names)):
            self.contributors.append(
                {"id": n + 1, "name": name, "short_name": "", "kind": "person"}
            )
        self.staff_weights = _cumulative(STAFF, 0.7)
        for name, short in AGENCIES:
            self.contributors.append(
                {
                    "id": len(self.contributors) + 1,
                    "name": name,
                    "short_name": short,
                    "kind": "agency",
                }
            )
        for person in self.contributors:
            person["slug"] = slug_of(person["name"])
        self.agencies = self.contributors[STAFF:]

        vocabulary = COMMON + invented_words(rng, WORDS_IN_TAIL, 3)
        # Offset so the commonest word is in about half the stories, not all.
        weights = _cumulative(len(vocabulary), 1.0, offset=30)
        self.vocabulary, self.word_weights = vocabulary, weights
        self.sentences = []
        for _ in range(SENTENCES):
            words = self.words(rng.randint(8, 16))
            if rng.random() < 0.08:
                words.insert(rng.randrange(len(words)), rng.choice(PHRASES))
            self.sentences.append(" ".join(words).capitalize() + ".")
        self.rare = invented_words(random.Random(self.seed + 1), RARE_WORDS, 4)

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.word_weights, k=count)

    def pick(self, items: list, weights: list[float], count: int = 1) -> list:
        total = weights[-1]
        found: list = []
        while len(found) < count:
            item = items[bisect(weights, self.rng.random() * total)]
            if item not in found:
                found.append(item)
        return found


def _cumulative(count: int, exponent: float, offset: int = 1) -> list[float]:
    return list(accumulate(1 / (rank + offset) ** exponent for rank in range(count)))


# The share of each status; `published` is most of them.
STATUSES = [
    ("published", 0.880),
    ("published_embargoed", 0.010),  # embargo still holding: hidden
    ("published_was_embargoed", 0.010),  # embargo over: public
    ("scheduled_future", 0.010),  # hidden until its time
    ("scheduled_due", 0.010),  # its time has come: public
    ("draft", 0.040),
    ("review", 0.020),
    ("archived", 0.020),
]


@dataclass
class Story:
    id: int
    row: list
    tags: list[dict]
    credits: list[tuple[dict, str, int]]
    document: str | None

    @property
    def published_at(self) -> datetime | None:
        # The tag links carry a copy (migration 0012): the COPY runs with
        # triggers off, so it writes the copy itself.
        return self.row[ARTICLE_COLUMNS.index("published_at")]


def stories(newsroom: Newsroom, count: int, version: str, credit_line):
    """`count` stories, oldest first, each with its article row (in
    ARTICLE_COLUMNS order), tags, credits and document (public ones only)."""
    rng = newsroom.rng
    now = newsroom.now
    span = YEARS * 365 * 86400
    kinds = [kind for kind, _ in STATUSES]
    kind_weights = list(accumulate(share for _, share in STATUSES))
    sections = newsroom.sections
    for n in range(count):
        pk = n + 1
        kind = kinds[bisect(kind_weights, rng.random() * kind_weights[-1])]
        # Ids follow time, as they do in a real newsroom, with some jitter.
        seconds = span * (count - n) / count + rng.uniform(-3600, 3600)
        published_at = (now - timedelta(seconds=max(seconds, 60))).replace(
            microsecond=0
        )
        embargo_until = None
        status = kind.split("_")[0]
        if kind == "published_embargoed":
            published_at = now - timedelta(hours=rng.randint(1, 12))
            embargo_until = now + timedelta(hours=rng.randint(1, 48))
        elif kind == "published_was_embargoed":
            embargo_until = published_at + timedelta(hours=rng.randint(1, 24))
        elif kind == "scheduled_future":
            published_at = now + timedelta(minutes=rng.randint(10, 30 * 24 * 60))
        elif kind in ("draft", "review"):
            published_at = None if rng.random() < 0.6 else published_at
        live = status in ("published", "scheduled")
        first_published_at = None
        if live or status == "archived":
            first_published_at = max(published_at, embargo_until or published_at)
        created = (published_at or now - timedelta(seconds=seconds)) - timedelta(
            minutes=rng.randint(5, 600)
        )
        updated_at = min(
            now - timedelta(seconds=1),
            max(created, (published_at or created))
            + timedelta(minutes=rng.randint(0, 240)),
        ).replace(microsecond=0)
        public = (
            live
            and published_at <= now
            and (embargo_until is None or embargo_until <= now)
        )

        headline_words = newsroom.words(rng.randint(5, 9))
        headline_words.insert(
            rng.randrange(len(headline_words)), newsroom.rare[n % RARE_WORDS]
        )
        headline = " ".join(headline_words).capitalize()
        slug = f"{slug_of(headline)[:80].strip('-')}-{pk}"
        standfirst = rng.choice(newsroom.sentences)
        paragraphs = [
            " ".join(rng.choices(newsroom.sentences, k=rng.randint(2, 4)))
            for _ in range(rng.randint(3, 7))
        ]
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        section = sections[
            bisect(
                newsroom.section_weights, rng.random() * newsroom.section_weights[-1]
            )
        ]
        tags = sorted(
            newsroom.pick(newsroom.tags, newsroom.tag_weights, rng.randint(1, 4)),
            key=lambda t: t["name"],
        )
        authors = newsroom.pick(
            newsroom.contributors[:STAFF],
            newsroom.staff_weights,
            1 if rng.random() < 0.8 else 2,
        )
        credits = [(person, "author", i) for i, person in enumerate(authors)]
        if rng.random() < 0.3:
            credits.append((rng.choice(newsroom.agencies), "contributor", len(credits)))

        row = [
            pk,
            headline,
            slug,
            standfirst,
            body,
            "",  # lead_image_caption
            status,
            published_at,
            first_published_at,
            created,
            updated_at,
            None,  # source_id
            "",  # credit_line_override
            None,  # lead_image_id
            section["id"],
            None,  # created_by_id
            embargo_until,
            0,  # revision
            None,  # updated_by_id
            "",  # import_fingerprint
        ]
        document = None
        if public:
            document = orjson.dumps(
                {
                    "id": pk,
                    "slug": slug,
                    "headline": headline,
                    "standfirst": standfirst,
                    "body_html": body,
                    "body": [{"type": "paragraph", "html": p} for p in paragraphs],
                    "section": {"name": section["name"], "slug": section["slug"]},
                    "tags": [{"name": t["name"], "slug": t["slug"]} for t in tags],
                    "published_at": stamp(published_at),
                    "first_published_at": stamp(first_published_at),
                    "updated_at": stamp(updated_at),
                    "corrections": [],
                    "credits": [
                        {
                            "role": role,
                            "contributor": {
                                "name": person["name"],
                                "slug": person["slug"],
                                "kind": person["kind"],
                            },
                        }
                        for person, role, _ in credits
                    ],
                    "credit_line": credit_line(credits),
                    "lead_image": None,
                }
            ).decode()
        yield Story(pk, row, tags, credits, document)


ARTICLE_COLUMNS = (
    "id",
    "headline",
    "slug",
    "standfirst",
    "body",
    "lead_image_caption",
    "status",
    "published_at",
    "first_published_at",
    "created_at",
    "updated_at",
    "source_id",
    "credit_line_override",
    "lead_image_id",
    "section_id",
    "created_by_id",
    "embargo_until",
    "revision",
    "updated_by_id",
    "import_fingerprint",
)


def line(values) -> str:
    return "\t".join(copy_text(v) for v in values) + "\n"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
