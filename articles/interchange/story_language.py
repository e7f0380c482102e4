"""An imported story's language (issue 23): the source's language tag
(NewsML-G2 `contentMeta/language@tag` or `xml:lang`, NITF `xml:lang` or
`baselang`, ninjs `language`) as one of the newsroom's languages.

A tag the newsroom does not publish in ("de", "nb-NO") is kept as its
language ("de", "nb"), with a warning, never relabelled as another: German
copy called English would be published as English. A story whose source
says nothing is in the newsroom's default language, as before editions."""

from __future__ import annotations

import re

from articles.models.editions import default_language, languages

# A language subtag as BCP 47 has it: two or three letters.
LANGUAGE = re.compile(r"[a-z]{2,3}")


def story_language(tag: str) -> tuple[str, str]:
    """The language to store for the source's `tag`, and a warning ("" for
    none)."""
    given = tag.strip()
    tag = given.replace("_", "-").lower()
    if not tag:
        return default_language(), ""
    configured = {code.lower(): code for code in languages()}
    base = tag.split("-")[0]
    for wanted in (tag, base):
        if wanted in configured:
            return configured[wanted], ""
    for lowered, code in configured.items():
        if lowered.split("-")[0] == base:  # "fr" for a newsroom set to "fr-ca"
            return code, ""
    newsroom = ", ".join(languages())
    if not LANGUAGE.fullmatch(base):
        return default_language(), (
            f"language {given!r} is not a language tag: taken as "
            f"{default_language()!r} (the newsroom's languages: {newsroom})"
        )
    return base, (
        f"language {given!r} is not one of the newsroom's languages ({newsroom}): "
        f"kept as {base!r}, not published as another language"
    )
