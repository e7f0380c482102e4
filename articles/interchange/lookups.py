"""Sections, tags and contributors by name, remembered for a whole import.

A wire import names the same desk, tags and agencies on thousands of stories:
each is looked up (or created) once, then served from memory. Tags wanted by a
batch are read in one query. `forget()` drops everything after a rollback,
which may have taken rows created since with it.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Lower

from articles.interchange.story import CreditRef, SectionRef, Story, TagRef
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
        self.contributors: dict[tuple, Contributor] = {}

    # Batches ----------------------------------------------------------------

    def prepare(self, stories: list[Story]) -> None:
        """Read the batch's tags not yet known in one query."""
        names = {one_line(_tag_name(tag)) for story in stories for tag in story.tags}
        wanted = {name for name in names if name and _key(name) not in self.tags}
        if wanted:
            # Exact names too: SQLite's lower() folds ASCII letters only.
            rows = (
                Tag.objects.annotate(key=Lower("name"))
                .filter(
                    Q(key__in={name.lower() for name in wanted}) | Q(name__in=wanted)
                )
                .order_by("pk")
                .values_list("name", "pk")
            )
            for name, pk in rows:
                self.tags.setdefault(_key(name), pk)

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
        section.save()
        return section

    # Tags ---------------------------------------------------------------------

    def tag_ids(self, tags: list[str | TagRef]) -> list[int]:
        ids = []
        for tag in tags:
            name = one_line(_tag_name(tag))
            if not name:
                continue
            key = _key(name)
            if key not in self.tags:
                found = (
                    Tag.objects.filter(Q(name=name) | Q(name__iexact=name))
                    .order_by("pk")
                    .first()
                )
                if found is None:
                    found = Tag(
                        name=name, slug=tag.slug if isinstance(tag, TagRef) else ""
                    )
                    found.save()
                self.tags[key] = found.pk
            ids.append(self.tags[key])
        return list(dict.fromkeys(ids))

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
