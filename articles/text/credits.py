"""Someone credited by name, as an importer finds them: the credit's role
and the contributor's kind, before any contributor exists in the database.

Plain strings, the values of Credit.Role and Contributor.Kind, so this
module stays free of Django models. Wrong values are refused by the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.text.agencies import find_agency

AUTHOR, CONTRIBUTOR = "author", "contributor"
CREATOR, PROVIDER, DISTRIBUTOR = "creator", "provider", "distributor"
PERSON, ORGANISATION, AGENCY = "person", "organisation", "agency"


@dataclass(kw_only=True)
class CreditRef:
    """Someone credited by name. `kind` None lets the contributor lookup decide
    (known agencies become agencies, anyone else a person). `slug` (exports
    only) finds or recreates exactly that contributor; the other details fill
    in a contributor the import creates."""

    name: str
    role: str
    kind: str | None = None
    slug: str = ""
    short_name: str = ""
    url: str = ""
    bio: str = ""


def person(name: str, role: str) -> CreditRef:
    """A named person; a known agency ("By Reuters") is the agency."""
    return CreditRef(name=name, role=role, kind=AGENCY if find_agency(name) else PERSON)


def organisation(name: str, role: str) -> CreditRef:
    return CreditRef(
        name=name, role=role, kind=AGENCY if find_agency(name) else ORGANISATION
    )


def unique_credits(credits: list[CreditRef]) -> list[CreditRef]:
    """Each name once per role, whatever its case; the first spelling kept."""
    seen, kept = set(), []
    for credit in credits:
        key = (credit.name.casefold(), credit.role)
        if key not in seen:
            seen.add(key)
            kept.append(credit)
    return kept
