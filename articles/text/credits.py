"""Someone credited by name, as an importer finds them: the credit's role
and the contributor's kind, before any contributor exists in the database.

Plain strings, the values of Credit.Role and Contributor.Kind, so this
module stays free of Django models. Wrong values are refused by the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from articles.text.agencies import find_agency

AUTHOR, CONTRIBUTOR = "author", "contributor"
CREATOR, PROVIDER, DISTRIBUTOR = "creator", "provider", "distributor"
PERSON, ORGANISATION, AGENCY = "person", "organisation", "agency"
NOT_A_LETTER = re.compile(r"[^\w]+")


@dataclass(kw_only=True)
class CreditRef:
    """Someone credited by name. `kind` None lets the contributor lookup decide
    (known agencies become agencies, anyone else a person). `slug` (exports
    only) finds or recreates exactly that contributor; the other details fill
    in a contributor the import creates.

    `affiliation` is what a byline says about the person ("University of
    Oslo", "dpa"): a detail of the contributor, not part of which credit
    this is, so two refs that differ only there are the same credit."""

    name: str
    role: str
    kind: str | None = None
    slug: str = ""
    short_name: str = ""
    url: str = ""
    bio: str = ""
    affiliation: str = field(default="", compare=False)


def person(name: str, role: str) -> CreditRef:
    """A named person; a known agency ("By Reuters") is the agency."""
    return CreditRef(name=name, role=role, kind=AGENCY if find_agency(name) else PERSON)


def organisation(name: str, role: str) -> CreditRef:
    return CreditRef(
        name=name, role=role, kind=AGENCY if find_agency(name) else ORGANISATION
    )


def name_key(name: str) -> str:
    """What two spellings of one name share: "JANE DOE", "Jane  Doe." and
    "Jane Doe" are one person; "Élodie" and "Elodie" too."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(NOT_A_LETTER.sub(" ", letters).split())


def unique_credits(credits: list[CreditRef]) -> list[CreditRef]:
    """Each name once per role, however it is spelt; the first spelling
    kept, and an affiliation only a later one names filled in."""
    kept: dict[tuple[str, str], CreditRef] = {}
    for credit in credits:
        key = (name_key(credit.name) or credit.name.casefold(), credit.role)
        if key not in kept:
            kept[key] = credit
        elif credit.affiliation and not kept[key].affiliation:
            kept[key].affiliation = credit.affiliation
    return list(kept.values())
