"""IPTC's Digital Source Type vocabulary and the PLUS data-mining terms:
what a URI is called, whether it is IPTC's, which label readers see.

Pure: strings in, strings out. The vocabulary is
http://cv.iptc.org/newscodes/digitalsourcetype/ (terms and retired terms as
of 2025); PLUS's data-mining values are http://ns.useplus.org/ldf/vocab/DMI-*.
"""

from __future__ import annotations

SOURCE_TYPE_PREFIX = "http://cv.iptc.org/newscodes/digitalsourcetype/"

# Term -> IPTC's English name.
SOURCE_TYPE_NAMES = {
    "digitalCapture": "Original digital capture sampled from real life",
    "computationalCapture": "Computational capture",
    "negativeFilm": "Digitised from a negative on film",
    "positiveFilm": "Digitised from a positive on film",
    "print": "Digitised from a print on non-transparent medium",
    "humanEdits": "Human-edited media",
    "compositeCapture": "Composite of captured elements",
    "algorithmicallyEnhanced": "Algorithmically-enhanced media",
    "digitalCreation": "Digital creation",
    "dataDrivenMedia": "Data-driven media",
    "trainedAlgorithmicMedia": "Trained algorithmic media",
    "algorithmicMedia": "Pure algorithmic media",
    "screenCapture": "Screen capture",
    "virtualRecording": "Virtual recording",
    "composite": "Composite",
    "compositeSynthetic": "Composite with synthetic elements",
    "compositeWithTrainedAlgorithmicMedia": "Composite including generative "
    "AI elements",
    # Retired terms, still written by older tools (IPTC's own reference
    # photos carry softwareImage).
    "softwareImage": "Created by software (retired term)",
    "digitalArt": "Digital art (retired term)",
    "minorHumanEdits": "Minor human edits (retired term)",
}

AI_GENERATED, AI_EDITED = "ai_generated", "ai_edited"
LABEL_NAMES = {AI_GENERATED: "AI-generated", AI_EDITED: "AI-edited"}
# Capture, digitised film and ordinary edits carry no label: only these do.
AI_LABELS = {
    "trainedAlgorithmicMedia": AI_GENERATED,
    "compositeSynthetic": AI_EDITED,
    "compositeWithTrainedAlgorithmicMedia": AI_EDITED,
}

# The terms that make sense for a story's text (articles.models.story_source):
# capture, film and human edits do not. IPTC has no machine-translation term.
TEXT_SOURCE_TERMS = (
    "trainedAlgorithmicMedia",
    "compositeWithTrainedAlgorithmicMedia",
    "algorithmicMedia",
)


def text_source_type(uri: str) -> str:
    """IPTC's http URI of a text term (http or https written), else ""."""
    term = source_type_term(uri)
    return SOURCE_TYPE_PREFIX + term if term in TEXT_SOURCE_TERMS else ""


DATA_MINING_PREFIX = "http://ns.useplus.org/ldf/vocab/"
DATA_MINING_NAMES = {
    "DMI-UNSPECIFIED": "Unspecified: no prohibition defined",
    "DMI-ALLOWED": "Allowed",
    "DMI-PROHIBITED-AIMLTRAINING": "Prohibited for AI/ML training",
    "DMI-PROHIBITED-GENAIMLTRAINING": "Prohibited for generative AI/ML training",
    "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING": "Prohibited except for "
    "search engine indexing",
    "DMI-PROHIBITED": "Prohibited",
    "DMI-PROHIBITED-SEECONSTRAINT": "Prohibited, see plus:OtherConstraints",
    "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR": "Prohibited, see the embedded "
    "rights expression",
    "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR": "Prohibited, see the linked rights "
    "expression",
}


def source_type_term(uri: str) -> str:
    """ "trainedAlgorithmicMedia" for IPTC's URI (http or https), else ""."""
    for prefix in (SOURCE_TYPE_PREFIX, SOURCE_TYPE_PREFIX.replace("http:", "https:")):
        if uri.startswith(prefix) and uri[len(prefix) :] in SOURCE_TYPE_NAMES:
            return uri[len(prefix) :]
    return ""


def is_known_source_type(uri: str) -> bool:
    """Whether `uri` is a term of IPTC's vocabulary; an unknown one is kept
    as written and flagged for editors."""
    return bool(source_type_term(uri))


def source_type_name(uri: str) -> str:
    """IPTC's name for the term, or "" for a URI outside the vocabulary."""
    term = source_type_term(uri)
    return SOURCE_TYPE_NAMES[term] if term else ""


def ai_label(uri: str) -> str:
    """AI_GENERATED, AI_EDITED, or "" (capture, ordinary edits, unknown)."""
    return AI_LABELS.get(source_type_term(uri), "")


def data_mining_term(uri: str) -> str:
    """ "DMI-PROHIBITED-AIMLTRAINING" for PLUS's URI, else ""."""
    if uri.startswith(DATA_MINING_PREFIX):
        term = uri[len(DATA_MINING_PREFIX) :]
        return term if term in DATA_MINING_NAMES else ""
    return ""


def forbids_ai_training(data_mining: str) -> bool:
    """Whether the PLUS terms reserve the photo from AI training (every
    "prohibited" value does: the exceptions named are not training)."""
    return data_mining_term(data_mining).startswith("DMI-PROHIBITED")
