"""`fields=` and `expand=`: clients choose the top-level fields of article
documents and which related objects come embedded.

Without `expand`, every related object is embedded. With it, the named ones
are embedded and the others are given by reference (a slug or an id, to fetch
from their own endpoint): `expand=lead_image` embeds the photo only,
`expand=none` embeds nothing. An empty value names nothing and is a 400, as
for every parameter (`articles.api.filters`)."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError

from articles.api.filters import empty_value_message
from articles.api.serializers import ArticleSerializer

ARTICLE_FIELDS = tuple(ArticleSerializer.Meta.fields)


def _section(section):
    return section["slug"] if section else None


def _tags(tags):
    return [tag["slug"] for tag in tags]


def _credits(credits):
    return [
        {"role": credit["role"], "contributor": credit["contributor"]["slug"]}
        for credit in credits
    ]


def _lead_image(image):
    return image["id"] if image else None


# Related object -> how it reads when not expanded.
REFERENCES = {
    "section": _section,
    "tags": _tags,
    "credits": _credits,
    "lead_image": _lead_image,
}


# `expand=none`: every related object by reference.
NONE = "none"


def _names(request, parameter: str, allowed) -> list[str] | None:
    if parameter not in request.query_params:
        return None
    names = [
        name.strip()
        for value in request.query_params.getlist(parameter)
        for name in value.split(",")
        if name.strip()
    ]
    if not names:  # `fields=,`: as empty as `fields=`
        raise ValidationError({parameter: [empty_value_message(parameter)]})
    if parameter == "expand":
        names = [name for name in names if name != NONE]  # `none` adds nothing
    unknown = sorted(set(names) - set(allowed))
    if unknown:
        raise ValidationError(
            {
                parameter: f"Unknown field(s): {', '.join(unknown)}. "
                f"Allowed: {', '.join(allowed)}."
            }
        )
    return names


class DocumentShape:
    def __init__(self, fields: list[str] | None, expand: list[str] | None):
        self.fields = fields
        self.expand = expand

    @classmethod
    def from_request(cls, request) -> DocumentShape:
        return cls(
            _names(request, "fields", ARTICLE_FIELDS),
            _names(request, "expand", tuple(REFERENCES)),
        )

    @property
    def is_full(self) -> bool:
        return self.fields is None and self.expand is None

    def apply(self, document: dict) -> dict:
        if self.is_full:
            return document
        if self.expand is not None:
            for name, reference in REFERENCES.items():
                if name not in self.expand and name in document:
                    document[name] = reference(document[name])
        if self.fields is not None:
            chosen = set(self.fields)
            document = {k: v for k, v in document.items() if k in chosen}
        return document
