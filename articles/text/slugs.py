"""Slugs from headlines in the newsroom's languages (database-free).

Django's slugify keeps ASCII after decomposing accents, which is right for
"Élection à Montréal" ("election-a-montreal") but drops what does not
decompose (the French œ and æ, German ß) and glues elided words to the next
("l’été" to "lete"). Those are spelled out first."""

from __future__ import annotations

import re

from django.utils.text import slugify

_SPELLED_OUT = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss"})
# Apostrophes, straight and curly, and the modifier letter: a word break.
_APOSTROPHES = re.compile(r"['’ʼ‘]")


def headline_slug(text: str) -> str:
    """ "L’œuvre d’art à Québec" -> "l-oeuvre-d-art-a-quebec"."""
    return slugify(_APOSTROPHES.sub(" ", str(text).translate(_SPELLED_OUT)))
