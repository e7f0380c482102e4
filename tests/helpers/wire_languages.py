"""An agency's story in two languages for the wire tests (issue 23): the
Reuters corpus item as its French service would send it, written into a
test's folder (never into the repository)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.wire import SAMPLES

REUTERS = SAMPLES / "text.xml"
REUTERS_HEADLINE = (
    "Soccer-Smiling Benitez pleads for support after midweek outburst against opponent"
)
FRENCH_HEADLINE = "Football - Benitez, souriant, demande du soutien"


def french_version(
    folder: Path,
    agency: str = "Reuters",
    language: str = "fr",
    name: str = "fr",
    filed: str = "2013-03-01T15:29:04.000Z",
) -> Path:
    """The item in `language` from `agency` as text-NAME.xml in `folder`:
    another guid, xml:lang and language tag, a French headline, `filed`
    (20 minutes after the English one)."""
    xml = REUTERS.read_text().replace('literal="Reuters"', f'literal="{agency}"')
    for english, french in (
        ("newsml_L4N0BT5PJ", f"newsml_L4N0BT5PJ{name.upper()}"),
        ('xml:lang="en">', f'xml:lang="{language}">'),
        ('<language tag="en" />', f'<language tag="{language}" />'),
        (REUTERS_HEADLINE, FRENCH_HEADLINE),
        ("2013-03-01T15:09:04.000Z", filed),
    ):
        assert english in xml
        xml = xml.replace(english, french)
    path = folder / f"text-{name}.xml"
    path.write_text(xml)
    return path
