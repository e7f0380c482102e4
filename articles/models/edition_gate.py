"""The edition gate (issue 23): an edition set to go live "not before its
source" is held until its source is public, plus `gate_delay_minutes` if set.
We read the issue's "go live only with the English edition, or at most N
minutes after it" as: never before the source; with a delay, N minutes after
the source's first public moment (the edition's own date and embargo still
count: whichever is latest).

The moment is kept on the edition's own row, `held_until`, so the one rule
(`ArticleQuerySet.published()`) reads it at query time like an embargo, with
no join and no job:

- NULL: no gate (every story that is not a gated edition);
- HELD (9999-12-31): the source is not live, or is gone; nothing but a save
  of the source (or of the edition) can open it;
- a moment: the source's first public moment plus the delay.

It is recomputed on the edition's own save (`held_until_for`, one query and
only for a gated edition) and, when a source's save, delete or revert moves
its own first public moment, on its gated editions in the same transaction
(`gated_transitions`), each announced through the one transition as its own
change: published now, goes live later, or withdrawn. Stories outside an
edition group never query anything here.

A deleted source leaves its gated editions held (fail closed, like an
embargo: nothing goes public because a story was deleted); an editor who
wants the edition out sets it to its own clock. An edition whose gate is
taken off (its own clock) has NULL and follows its own date and embargo."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from articles.models.editions import EditionGate
from articles.models.expressions import CurrentTime
from articles.publishing.transitions import HELD, Transition, Visibility, transition

# What the rule reads of a row, in Visibility's order.
VISIBILITY_COLUMNS = ("status", "published_at", "embargo_until", "held_until")


def gate_open() -> Q:
    """The rule's condition (in `ArticleQuerySet.published()`): no gate, or
    its moment has come. On the edition's own row: no join to the source."""
    return Q(held_until__isnull=True) | Q(held_until__lte=CurrentTime(read_once=True))


def gate_opens_at(source: Visibility | None, delay_minutes: int | None) -> datetime:
    """`held_until` of an edition gated on a source whose stored visibility
    is `source` (None: there is none)."""
    live_at = source.live_at() if source is not None else None
    if live_at is None:
        return HELD
    return live_at + timedelta(minutes=delay_minutes or 0)


def held_until_for(article) -> datetime | None:
    """`held_until` for the edition as it is about to be saved: None without
    a gate, else worked out from its source's stored row (one query)."""
    if article.edition_gate != EditionGate.WITH_SOURCE:
        return None
    source_id = article.edition_source_id
    if source_id is None or source_id == article.pk:
        return HELD
    row = (
        type(article)
        .objects.filter(pk=source_id)
        .values_list(*VISIBILITY_COLUMNS)
        .first()
    )
    return gate_opens_at(Visibility(*row) if row else None, article.gate_delay_minutes)


def gated_transitions(
    article, before: Visibility | None, after: Visibility | None, now
) -> list[Transition]:
    """The transitions of `article`'s gated editions when a write took it
    from `before` to `after` (None: deleted), at the write's `now`. Nothing
    is read unless the story is in an edition group and its first public
    moment moved."""
    if article.edition_group_id is None:
        return []
    moved = (before.live_at() if before else None) != (
        after.live_at() if after else None
    )
    if not moved:
        return []
    model = type(article)
    if after is None:
        # Its editions' `edition_source` was set to NULL by the delete: the
        # gated editions of the group left without one.
        followers = model.objects.filter(
            edition_group_id=article.edition_group_id, edition_source__isnull=True
        )
    else:
        followers = model.objects.filter(edition_source_id=article.pk)
    return _regate(model, followers, after, now, seen={article.pk})


def _regate(model, followers, source: Visibility | None, now, seen) -> list[Transition]:
    rows = (
        followers.filter(edition_gate=EditionGate.WITH_SOURCE)
        .select_for_update()
        .order_by("pk")
        .values_list(
            "pk", "slug", "lead_image_id", "gate_delay_minutes", *VISIBILITY_COLUMNS
        )
    )
    changes = []
    for pk, slug, lead_image_id, delay, *stored in rows:
        was = Visibility(*stored)
        now_held = gate_opens_at(source, delay)
        if now_held == was.held_until:
            continue
        will = replace(was, held_until=now_held)
        change = transition(
            article_id=pk,
            slug=slug,
            lead_image_id=lead_image_id,
            before=was,
            after=will,
            now=now,
        )
        fields = {"held_until": now_held}
        if change.seen or change.goes_live_at:  # readers' copy changes
            fields["updated_at"] = now
        if (moment := will.live_at()) is not None:
            fields["first_published_at"] = Coalesce(
                F("first_published_at"), Value(moment)
            )
        model.objects.filter(pk=pk).update(**fields)
        changes.append(change)
        # An edition that is itself the source of a gated one (a chain).
        if pk not in seen and was.live_at() != will.live_at():
            seen.add(pk)
            changes += _regate(
                model, model.objects.filter(edition_source_id=pk), will, now, seen
            )
    return changes
