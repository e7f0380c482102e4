"""Well-known news agencies, so that "via AP" credits the same contributor as
"The Associated Press"."""

from __future__ import annotations

from typing import NamedTuple


class Agency(NamedTuple):
    name: str
    short_name: str


KNOWN_AGENCIES: tuple[Agency, ...] = (
    Agency("The Associated Press", "AP"),
    Agency("Reuters", ""),
    Agency("Agence France-Presse", "AFP"),
    Agency("The Canadian Press", "CP"),
    Agency("Deutsche Presse-Agentur", "dpa"),
    Agency("Getty Images", ""),
    Agency("Bloomberg", ""),
    Agency("United Press International", "UPI"),
    Agency("Australian Associated Press", "AAP"),
    Agency("PA Media", "PA"),
    Agency("Agenzia Nazionale Stampa Associata", "ANSA"),
    Agency("Agencia EFE", "EFE"),
    Agency("Kyodo News", "Kyodo"),
    Agency("Yonhap", ""),
    Agency("Xinhua", ""),
)


def find_agency(name: str) -> Agency | None:
    """The known agency called `name` (full or short name, any case)."""
    wanted = name.strip().casefold()
    for agency in KNOWN_AGENCIES:
        if wanted in {agency.name.casefold(), agency.short_name.casefold()} - {""}:
            return agency
        # "Associated Press" without the article.
        if agency.name.startswith("The ") and wanted == agency.name[4:].casefold():
            return agency
    return None
