"""Sections, tags and contributors by name, remembered for a whole import.

A wire import names the same desk, tags and agencies on thousands of stories:
each is looked up (or created) once, then served from memory. Tags wanted by a
batch are read in one query. `forget()` drops everything after a rollback,
which may have taken rows created since with it.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Lower

from articles.interchange.jsonl_rules import apply_section_rules
from articles.interchange.story import (
    CreditRef,
    SectionRef,
    Story,
    StoryError,
    TagRef,
)
from articles.models import Contributor, Section, Tag
from articles.text.plain import one_line


def _key(name: str) -> str:
    return one_line(name).casefold()


class Lookups:
    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        self.sections: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        # Tags by their scheme-qualified code (TagRef.uri): the same code is
        # the same tag, whatever name a source gives it.
        self.tag_uris: dict[str, int] = {}
        self.uris_read: set[str] = set()  # looked for by prepare()
        self.contributors: dict[tuple, Contributor] = {}

    # Batches ----------------------------------------------------------------

    def prepare(self, stories: list[Story]) -> None:
        """Read the batch's tags not yet known in one query."""
        names = {one_line(_tag_name(tag)) for story in stories for tag in story.tags}
        wanted = {name for name in names if name and _key(name) not in self.tags}
        uris = {_code(tag) for story in stories for tag in story.tags} - {""}
        uris -= self.tag_uris.keys()
        self.uris_read |= uris
        if wanted or uris:
            # Exact names too: SQLite's lower() folds ASCII letters only.
            rows = (
                Tag.objects.annotate(key=Lower("name"))
                .filter(
                    Q(key__in={name.lower() for name in wanted})
                    | Q(name__in=wanted)
                    | Q(uri__in=uris)
                )
                .order_by("pk")
                .values_list("name", "pk", "uri")
            )
            for name, pk, uri in rows:
                self.tags.setdefault(_key(name), pk)
                if uri:
                    self.tag_uris.setdefault(uri, pk)

    # Sections -----------------------------------------------------------------

    def section_id(self, section: str | SectionRef | None) -> int | None:
        ref = SectionRef(name=section) if isinstance(section, str) else section
        if ref is None or not ref.name.strip():
            return None
        key = f"slug:{ref.slug}" if ref.slug else _key(ref.name)
        if key not in self.sections:
            self.sections[key] = self._section(ref).pk
        return self.sections[key]

    def _section(self, ref: SectionRef) -> Section:
        name = one_line(ref.name)
        if ref.slug:
            found = Section.objects.filter(slug=ref.slug).first()
        else:
            found = Section.objects.filter(name__iexact=name).order_by("pk").first()
        if found is not None:
            return found
        parent_id = self.section_id(ref.parent) if ref.parent else None
        section = Section(name=name, slug=ref.slug, parent_id=parent_id)
        apply_section_rules(section, ref.rules)
        section.save()
        return section

    # Tags ---------------------------------------------------------------------

    def tag_ids(self, tags: list[str | TagRef]) -> list[int]:
        ids = []
        for tag in tags:
            name, uri = one_line(_tag_name(tag)), _uri(tag)
            code = _code(tag)
            if not name:
                continue
            if code and code not in self.tag_uris and code not in self.uris_read:
                found = Tag.objects.filter(uri=code).order_by("pk").first()
                if found is not None:
                    self.tag_uris[code] = found.pk
            if code and code in self.tag_uris:
                ids.append(self.tag_uris[code])
                continue
            key = _key(name)
            if key not in self.tags:
                found = (
                    Tag.objects.filter(Q(name=name) | Q(name__iexact=name))
                    .order_by("pk")
                    .first()
                )
                if found is None:
                    slug = tag.slug if isinstance(tag, TagRef) else ""
                    found = Tag(name=name, slug=slug, uri=uri)
                    found.save()
                    if code:
                        self.tag_uris.setdefault(code, found.pk)
                self.tags[key] = found.pk
            if code and code not in self.tag_uris:
                # A tag found by its name keeps the first code it is given.
                Tag.objects.filter(pk=self.tags[key], uri="").update(uri=code)
                self.tag_uris[code] = self.tags[key]
            ids.append(self.tags[key])
        return list(dict.fromkeys(ids))

    def entity(self, ref: SectionRef | TagRef | CreditRef) -> str:
        """A section, tag or contributor of an export, kept with its slug even
        when no story uses it: "created" or "unchanged" ("updated": an
        existing section given other rules at publish)."""
        if isinstance(ref, SectionRef):
            existed = Section.objects.filter(slug=ref.slug).exists()
            self.section_id(ref)
            if existed and ref.rules is not None:
                section = Section.objects.get(slug=ref.slug)
                if apply_section_rules(section, ref.rules):
                    return "updated"
        elif isinstance(ref, TagRef):
            existed = Tag.objects.filter(name=ref.name).exists()
            self.tag_ids([ref])
        elif not isinstance(ref, CreditRef):
            # A backup's front names stories: import_articles restores it
            # after all of them (articles.interchange.jsonl_fronts).
            raise StoryError("a front is restored only by import_articles")
        else:
            existed = Contributor.objects.filter(slug=ref.slug).exists()
            self.contributor(ref)
        return "unchanged" if existed else "created"

    # Contributors ---------------------------------------------------------------

    def contributor(self, ref: CreditRef) -> Contributor:
        key = ("slug", ref.slug) if ref.slug else ("name", _key(ref.name), ref.kind)
        if key not in self.contributors:
            self.contributors[key] = self._contributor(ref)
        return self.contributors[key]

    def _contributor(self, ref: CreditRef) -> Contributor:
        if not ref.slug:
            return Contributor.objects.resolve(
                ref.name, kind=ref.kind, affiliation=ref.affiliation
            )
        # From an export: exactly that contributor, recreated as it was.
        found = Contributor.objects.filter(slug=ref.slug).first()
        if found is None:
            found = Contributor(
                name=one_line(ref.name),
                slug=ref.slug,
                kind=ref.kind or Contributor.Kind.PERSON,
                short_name=ref.short_name,
                url=ref.url,
                bio=ref.bio,
                affiliation=ref.affiliation,
            )
            found.full_clean(validate_unique=False)
            found.save()
        return found


def _tag_name(tag: str | TagRef) -> str:
    return tag.name if isinstance(tag, TagRef) else tag


def _uri(tag: str | TagRef) -> str:
    return tag.uri.strip() if isinstance(tag, TagRef) else ""


def _code(tag: str | TagRef) -> str:
    """The code a tag is matched by: none for an export's (it has its slug)."""
    return "" if isinstance(tag, TagRef) and tag.slug else _uri(tag)
