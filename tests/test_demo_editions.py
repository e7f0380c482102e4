"""The demo's French editions (issue 23): a translation scheduled after its
English source and a published adaptation, each in its source's group;
loading the demo again changes nothing about them."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article

FLOODS = "coastal-cities-trial-floating-flood-barriers"
HARVEST = "wet-september-leaves-prairie-farmers-racing-late-harvest"


def load_demo() -> None:
    call_command("load_demo", "--no-user", stdout=StringIO())


def editions() -> dict[str, Article]:
    return {
        a.edition_source.slug: a
        for a in Article.objects.filter(language="fr").select_related("edition_source")
    }


def state() -> list:
    return sorted(
        Article.objects.values_list(
            "pk", "slug", "language", "status", "published_at", "revision",
            "edition_group", "edition_source", "source_revision", "updated_at",
        )
    )  # fmt: skip


@pytest.mark.django_db
def test_the_demo_has_two_stories_in_english_and_french():
    load_demo()

    french = editions()
    floods, harvest = french[FLOODS], french[HARVEST]
    assert sorted(french) == [FLOODS, HARVEST]
    assert (floods.edition_relation, floods.status) == ("translation", "scheduled")
    assert (harvest.edition_relation, harvest.status) == ("adaptation", "published")
    assert floods.headline == (
        "Des villes côtières testent des barrages flottants avant la saison des "
        "tempêtes"
    )
    assert harvest.slug == (
        "recoltes-en-retard-dans-les-prairies-apres-un-septembre-pluvieux"
    )
    for edition in (floods, harvest):
        source = edition.edition_source
        assert (source.language, edition.language) == ("en", "fr")
        assert edition.edition_group_id == source.edition_group_id is not None
        assert edition.source_revision == source.revision
        assert edition.credit_line == source.credit_line
        assert edition.lead_image_id == source.lead_image_id
    # The translation goes live three hours after its English source: not yet.
    source = floods.edition_source
    assert floods.published_at - source.published_at == timedelta(hours=3)
    assert source.is_published() and not floods.is_published()
    assert harvest.is_published()
    assert set(Article.objects.published().filter(language="fr")) == {harvest}


@pytest.mark.django_db
def test_loading_the_demo_again_changes_no_edition():
    load_demo()
    before = state()

    load_demo()

    assert state() == before
