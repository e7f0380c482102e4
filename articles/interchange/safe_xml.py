"""XML from files nobody checked, parsed so that it cannot hurt.

Entity declarations of any kind (billion laughs, quadratic blow-up, external
entities reading local files or URLs) are refused outright, with a message
that says so; a DOCTYPE that only names a DTD is harmless (expat never fetches
it) and allowed, since real exports carry them. Documents are streamed
(`iterparse`), so memory stays flat in the file size.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
    NotSupportedError,
)

from articles.interchange.story import StoryError


def refusal(error: DefusedXmlException) -> StoryError:
    """The one-line reason an unsafe document is refused."""
    if isinstance(error, EntitiesForbidden):
        kind = "an external entity" if error.sysid else "an entity"
        return StoryError(
            f"refused: the XML declares {kind} ({error.name!r}); entities are "
            "never expanded, to guard against entity bombs and file disclosure"
        )
    if isinstance(error, ExternalReferenceForbidden):
        return StoryError(
            f"refused: the XML refers to an external resource ({error.sysid!r})"
        )
    if isinstance(error, DTDForbidden):
        return StoryError("refused: the XML carries a document type declaration")
    if isinstance(error, NotSupportedError):
        return StoryError(f"refused: {error}")
    return StoryError(f"refused: unsafe XML ({type(error).__name__})")


def not_well_formed(error: ParseError) -> StoryError:
    line, column = getattr(error, "position", (0, 0))
    reason = str(error).split(":")[0]
    return StoryError(f"not well-formed XML at line {line}, column {column}: {reason}")


def iterparse(
    stream: BinaryIO, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, Element]]:
    """`ElementTree.iterparse` that refuses entities and external references;
    unsafe or broken XML raises StoryError. Tags come as '{namespace}name'."""
    try:
        yield from SafeET.iterparse(
            stream,
            events=events,
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        )
    except DefusedXmlException as error:
        raise refusal(error) from error
    except ParseError as error:
        raise not_well_formed(error) from error


def screen(data: bytes) -> None:
    """Refuse unsafe XML before it reaches a lenient parser (feedparser)
    that would be less careful. Broken but harmless XML passes: the lenient
    parser deals with it."""
    try:
        for _ in SafeET.iterparse(
            io.BytesIO(data),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        ):
            pass
    except DefusedXmlException as error:
        raise refusal(error) from error
    except (ParseError, ValueError, LookupError):
        # Broken, or in an encoding expat cannot read: for the lenient parser
        # to deal with (and screen again once it has decoded the text).
        pass
