"""How credits read in print. Pure functions over ordered credits, so the API,
feeds, admin and exports all say the same thing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class _Contributor(Protocol):
    name: str
    credit_name: str


class _Credit(Protocol):
    role: str
    contributor: _Contributor


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _names(credits: list[_Credit], role: str, attr: str) -> list[str]:
    return [getattr(c.contributor, attr) for c in credits if c.role == role]


def image_credit_line(credits: Iterable[_Credit]) -> str:
    """Photographer/source via distributor, the wire-photo convention:
    "Jane Doe/Reuters", "Khabarovsky Krai region government via AP".
    Sources and distributors go by their short name when they have one."""
    credits = list(credits)
    creators = join_names(_names(credits, "creator", "name"))
    providers = join_names(_names(credits, "provider", "credit_name"))
    distributors = join_names(_names(credits, "distributor", "credit_name"))
    line = "/".join(part for part in (creators, providers) if part)
    if distributors:
        line = f"{line} via {distributors}" if line else distributors
    return line


def article_credit_line(credits: Iterable[_Credit]) -> str:
    """ "By Jane Doe and John Roe. With files from Reuters"."""
    credits = list(credits)
    authors = join_names(_names(credits, "author", "name"))
    contributors = join_names(_names(credits, "contributor", "name"))
    parts = []
    if authors:
        parts.append(f"By {authors}")
    if contributors:
        parts.append(f"With files from {contributors}")
    return ". ".join(parts)
