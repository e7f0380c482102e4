"""A backup carries sections' rules at publish, photos' editor labels and
every version of every front: restored exactly into an empty database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.interchange.jsonl_fronts import FrontRef, SlotRef, write_front
from articles.models import Article, Collection, Image, Section, Slot, Tag, TrustBundle
from articles.models.provenance import delivered_provenance
from tests.helpers.backups import (
    backup_lines,
    empty_database,
    export_backup,
    write_backup_lines,
)
from tests.helpers.fronts import front, story
from tests.helpers.imports import run_failing_import, run_import
from tests.helpers.provenance import (
    IPTC_SOURCE_TYPES,
    corpus_anchors,
    corpus_anchors_file,
    stored_photo,
)

# One version whatever its length: its stories, sections, tags and photos
# read (4), the version looked for, inserted, announced (with any webhook
# endpoint? for `collection.updated`), its slots in one insert, its own
# times kept, in a savepoint (2).
QUERIES_PER_FRONT = 12
LABELLED_AT = datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)
RULES = {
    "ai_caption_rule": "warn",
    "invalid_credentials_rule": "off",
    "agency_source_type_rule": "refuse",
    "forbidden_use_rule": "warn",
    "offered_for_ai_training": True,
}
DEFAULT_RULES = {
    "ai_caption_rule": "refuse",
    "invalid_credentials_rule": "refuse",
    "agency_source_type_rule": "warn",
    "forbidden_use_rule": "refuse",
    "offered_for_ai_training": False,
}


def rules_of(slug: str) -> dict:
    return Section.objects.filter(slug=slug).values(*RULES).get()


def label_of(image: Image) -> tuple:
    image.refresh_from_db()
    who = image.source_type_set_by
    return (
        image.source_type_override,
        image.source_type_reason,
        who.get_username() if who else None,
        image.source_type_set_at,
    )


@pytest.fixture
def newsroom(db):
    """Two sections with their own rules, photos with and without an
    editor's label, and a front in two versions of every kind of slot."""
    now = timezone.now().replace(microsecond=0)
    world = Section.objects.create(name="World", **RULES)
    Section.objects.create(name="Europe", parent=world, forbidden_use_rule="off")
    Section.objects.create(name="Sport")  # the defaults
    editor = get_user_model().objects.create_user("ann", password="x" * 20)
    labelled = stored_photo("C.jpg", caption="Signed photo")
    labelled.set_source_type(
        IPTC_SOURCE_TYPES + "digitalCapture",
        "Agency confirmed by phone",
        editor,
        LABELLED_AT,
    )
    labelled.save()
    plain = stored_photo("no_manifest.jpg", caption="Plain photo")
    climate = Tag.objects.create(name="Climate")
    lead = story("Lead story", section=world, lead_image=plain)
    chosen = story("Chosen story", section=world, hours_ago=2, tags=[climate])
    story("Older in Europe", section=Section.objects.get(slug="europe"), hours_ago=3)
    story("Tagged", hours_ago=4, tags=[climate])
    front(
        "home",
        [
            lead,
            {"article": chosen, "headline": "Front's headline", "standfirst": "Front's words", "photo": labelled},
            {"rule": Slot.Rule.SECTION, "section": world, "count": 2},
            {"rule": Slot.Rule.TAG, "tag": climate, "count": 3},
        ],
        name="Home",
        max_items=6,
        live_from=now - timedelta(days=1),
    )  # fmt: skip
    front(
        "home", [chosen, lead], name="Home, tomorrow", live_from=now + timedelta(days=1)
    )
    front("world", [{"rule": "section", "section": world}], name="World front",
          live_from=now - timedelta(hours=5))  # fmt: skip
    return {"labelled": labelled, "plain": plain, "editor": editor}


def fronts_snapshot(client: Client) -> dict:
    answers = {"list": client.get("/api/v1/collections/").json()}
    for slug in ("home", "world"):
        answers[slug] = client.get(f"/api/v1/collections/{slug}/").json()
    return answers


def versions() -> list[tuple]:
    return [
        (c.slug, c.name, c.max_items, c.live_from, c.updated_at, c.revision,
         [(s.position, s.article.headline if s.article else None, s.headline,
           s.standfirst, s.photo.sha256 if s.photo else None, s.rule,
           s.section.slug if s.section else None, s.tag.slug if s.tag else None,
           s.count) for s in c.slots.order_by("position", "pk")])
        for c in Collection.objects.order_by("slug", "live_from")
    ]  # fmt: skip


def test_rules_labels_and_fronts_come_back_exactly(newsroom, tmp_path):
    client = Client()
    before_fronts, before_versions = fronts_snapshot(client), versions()
    before_provenance = delivered_provenance(newsroom["plain"])
    export_backup(tmp_path / "backup")
    first = backup_lines(tmp_path / "backup")

    empty_database()
    stdout, stderr = run_import(tmp_path / "backup")

    assert stderr == ""
    assert stdout.endswith(" 0 updated, 0 unchanged, 0 failed\n")
    assert rules_of("world") == RULES
    assert rules_of("europe") == {**DEFAULT_RULES, "forbidden_use_rule": "off"}
    assert rules_of("sport") == DEFAULT_RULES
    labelled = Image.objects.get(sha256=newsroom["labelled"].sha256)
    assert label_of(labelled) == (
        IPTC_SOURCE_TYPES + "digitalCapture",
        "Agency confirmed by phone",
        "ann",
        LABELLED_AT,
    )
    # The editor was not in this database: recreated, unable to sign in.
    ann = get_user_model().objects.get(username="ann")
    assert (ann.is_active, ann.has_usable_password()) == (False, False)
    assert label_of(Image.objects.get(sha256=newsroom["plain"].sha256)) == (
        "", "", None, None
    )  # fmt: skip
    assert versions() == before_versions
    assert fronts_snapshot(client) == before_fronts
    assert fronts_snapshot(client)["home"]["items"][1]["headline"] == "Front's headline"
    assert delivered_provenance(Image.objects.get(caption="Plain photo")) == (
        before_provenance
    )
    # A second backup of the restored database says the same, line for line.
    export_backup(tmp_path / "again")
    again = backup_lines(tmp_path / "again")
    assert again[1:] == first[1:]


def test_the_backup_records_hold_the_new_data(newsroom, tmp_path):
    export_backup(tmp_path / "backup")
    lines = backup_lines(tmp_path / "backup")

    assert lines[0]["version"] == 3
    sections = {line["slug"]: line for line in lines if line["type"] == "section"}
    assert sections["world"]["rules"] == RULES
    images = [line for line in lines if line["type"] == "image"]
    images += [line["lead_image"] for line in lines if line.get("lead_image")]
    labels = {image["caption"]: image["editor_label"] for image in images}
    assert labels["Signed photo"] == {
        "source_type": IPTC_SOURCE_TYPES + "digitalCapture",
        "reason": "Agency confirmed by phone",
        "set_by": "ann",
        "set_at": "2026-03-04T05:06:07.123456+00:00",
    }
    assert labels["Plain photo"] is None
    fronts = [line for line in lines if line["type"] == "front"]
    assert [(f["slug"], f["name"]) for f in fronts] == [
        ("home", "Home"), ("home", "Home, tomorrow"), ("world", "World front")
    ]  # fmt: skip
    # Fronts come last: their slots name the stories above them.
    assert {line["type"] for line in lines[-3:]} == {"front"}
    lead = Article.objects.get(headline="Lead story")
    assert fronts[0]["slots"][0] == {
        "position": 0,
        "story": {"id": lead.pk, "source_id": f"export:article:{lead.pk}"},
        "headline": "",
        "standfirst": "",
        "photo": None,
        "rule": "",
        "section": None,
        "tag": None,
        "count": 1,
    }
    assert fronts[0]["slots"][3]["rule"] == "tag"
    assert fronts[0]["slots"][3]["tag"] == "climate"


def test_an_existing_editor_keeps_the_label(newsroom, tmp_path):
    export_backup(tmp_path / "backup")
    empty_database(users=False)

    run_import(tmp_path / "backup")

    labelled = Image.objects.get(sha256=newsroom["labelled"].sha256)
    assert labelled.source_type_set_by_id == newsroom["editor"].pk


def test_credentials_are_read_again_against_the_bundle_in_force(newsroom, tmp_path):
    TrustBundle.from_pem(corpus_anchors(), "anchors.pem").save()
    trusted = stored_photo("CA.jpg", caption="Trusted")
    assert trusted.credentials_state == "trusted"
    before = delivered_provenance(trusted)
    export_backup(tmp_path / "backup")

    # Same anchors in the target: the same provenance, exactly.
    empty_database(trust=False)
    run_import(tmp_path / "backup")
    assert delivered_provenance(Image.objects.get(caption="Trusted")) == before

    # No anchors in the target: the signature is valid, its signer not trusted.
    empty_database()
    run_import(tmp_path / "backup")
    restored = Image.objects.get(caption="Trusted")
    assert restored.credentials_state == "valid"
    assert delivered_provenance(restored) == {
        **before,
        "c2pa": {**before["c2pa"], "state": "valid"},
    }
    # The anchors imported afterwards check the restored photos again.
    call_command(
        "import_trust_anchors", str(corpus_anchors_file(tmp_path)), stdout=StringIO()
    )
    assert delivered_provenance(Image.objects.get(caption="Trusted")) == before


def test_a_slot_whose_story_is_not_in_the_backup_is_skipped_with_a_warning(
    newsroom, tmp_path
):
    export_backup(tmp_path / "backup")
    lines = backup_lines(tmp_path / "backup")
    lead = Article.objects.get(headline="Lead story").pk
    write_backup_lines(
        tmp_path / "backup",
        [line for line in lines if line.get("id") != lead or line["type"] != "article"],
    )
    empty_database()

    stdout, stderr = run_import(tmp_path / "backup", verbosity=2)

    first = next(line for line in lines if line["type"] == "front")
    assert (
        f'line {len(lines) - 3} (front "home" from {first["live_from"]}): warning: '
        f'slot 1 skipped: the story "export:article:{lead}" is not in this database'
    ) in stderr
    assert "0 failed; 2 warnings" in stdout  # one in each version of "home"
    home = Collection.objects.get(slug="home", name="Home")
    assert [slot.position for slot in home.slots.all()] == [1, 2, 3]


def test_a_bad_front_is_refused_whole_and_the_others_restored(newsroom, tmp_path):
    export_backup(tmp_path / "backup")
    lines = backup_lines(tmp_path / "backup")
    world = next(
        line
        for line in lines
        if line.get("slug") == "world" and line["type"] == "front"
    )
    world["slots"].append(
        {**world["slots"][0], "position": 1, "headline": "Not on a rule"}
    )
    write_backup_lines(tmp_path / "backup", lines)
    empty_database()

    _, stderr, error = run_failing_import(tmp_path / "backup")

    assert 'front "world"' in stderr
    assert "A rule's stories show their own headline, standfirst and photo." in stderr
    assert error == "1 record failed to import; see the errors above."
    assert not Collection.objects.filter(slug="world").exists()
    assert not Slot.objects.filter(headline="Not on a rule").exists()
    assert Collection.objects.filter(slug="home").count() == 2


def test_a_version_1_backup_without_the_new_keys_still_restores(newsroom, tmp_path):
    export_backup(tmp_path / "backup")
    lines = backup_lines(tmp_path / "backup")
    old = [{**lines[0], "version": 1}]
    for line in lines[1:]:
        if line["type"] == "front":
            continue
        line.pop("rules", None)
        line.pop("editor_label", None)
        if line.get("lead_image"):
            line["lead_image"].pop("editor_label")
        old.append(line)
    write_backup_lines(tmp_path / "backup", old)
    empty_database()

    stdout, stderr = run_import(tmp_path / "backup")

    assert (stderr, stdout.endswith(" 0 failed\n")) == ("", True)
    assert rules_of("world") == DEFAULT_RULES
    assert label_of(Image.objects.get(caption="Signed photo"))[0] == ""
    assert not Collection.objects.exists()


def test_a_backup_of_an_unknown_version_is_refused(db, tmp_path):
    (tmp_path / "content.jsonl").write_text(
        '{"type": "export", "format": "newsroom-cms", "version": 4}\n'
    )
    _, stderr, _ = run_failing_import(tmp_path / "content.jsonl")
    assert (
        "export version 4 is not supported (this version reads versions 1 to 3)"
        in stderr
    )


def test_restoring_twice_leaves_fronts_and_sections_unchanged(newsroom, tmp_path):
    export_backup(tmp_path / "backup")
    empty_database()
    run_import(tmp_path / "backup")
    before = versions()

    stdout, _ = run_import(tmp_path / "backup")

    assert " 0 created, 0 updated" in stdout
    assert versions() == before


def test_a_restore_puts_changed_rules_and_fronts_back(newsroom, tmp_path):
    export_backup(tmp_path / "backup")
    empty_database()
    run_import(tmp_path / "backup")
    Section.objects.filter(slug="world").update(ai_caption_rule="off")
    home = Collection.objects.get(name="Home")
    home.slots.filter(position=0).delete()
    before = versions()

    stdout, _ = run_import(tmp_path / "backup")

    assert rules_of("world") == RULES
    assert versions() != before
    assert len(Collection.objects.get(name="Home").slots.all()) == 4
    assert " 2 updated," in stdout  # the section and the front's version


def _front_ref(slug: str, chosen: list[Article], photo: Image) -> FrontRef:
    slots = [
        SlotRef(position=n, story=article.source_id, headline=f"On the front {n}",
                photo_sha256=photo.sha256)
        for n, article in enumerate(chosen)
    ] + [
        SlotRef(position=len(chosen), rule="section", section="world", count=2),
        SlotRef(position=len(chosen) + 1, rule="tag", tag="climate"),
    ]  # fmt: skip
    return FrontRef(slug=slug, name=slug, max_items=20, live_from=timezone.now(),
                    updated_at=LABELLED_AT, revision=3, slots=slots)  # fmt: skip


def test_restoring_a_front_costs_the_same_queries_whatever_its_length(
    newsroom, django_assert_num_queries
):
    for article in Article.objects.all():
        Article.objects.filter(pk=article.pk).update(source_id=f"wire:{article.pk}")
    chosen = list(Article.objects.order_by("pk"))
    short = _front_ref("short", chosen[:1], newsroom["labelled"])
    long = _front_ref("long", chosen, newsroom["labelled"])

    with django_assert_num_queries(QUERIES_PER_FRONT):
        assert write_front(short) == "created"
    with django_assert_num_queries(QUERIES_PER_FRONT):
        assert write_front(long) == "created"

    assert Slot.objects.filter(collection__slug="long").count() == len(chosen) + 2
    assert Collection.objects.get(slug="long").updated_at == LABELLED_AT


def test_a_section_with_an_unknown_rule_value_is_refused_clearly(db, tmp_path):
    header = {"type": "export", "format": "newsroom-cms", "version": 2}
    section = {"type": "section", "name": "World", "slug": "world", "parent": None,
               "rules": {"ai_caption_rule": "maybe"}}  # fmt: skip
    write_backup_lines(tmp_path, [header, section])

    _, stderr, _ = run_failing_import(tmp_path / "content.jsonl")

    assert "line 2: invalid value 'maybe' for ai_caption_rule" in stderr
    assert not Section.objects.exists()
