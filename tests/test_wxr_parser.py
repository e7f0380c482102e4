"""The WordPress WXR parser: exports into Story objects, no database.

Expected values are read off the corpus files themselves (counted with lxml,
independently of the parser)."""

from __future__ import annotations

import io
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from articles.interchange.story import (
    AUTHOR,
    DRAFT,
    IMAGE_MARKER,
    PERSON,
    PUBLISHED,
    REVIEW,
    CreditRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
)
from articles.interchange.wordpress_autop import wpautop
from articles.interchange.wordpress_html import content_to_html, do_shortcodes
from articles.interchange.wxr_reader import parse_wxr
from articles.text.plain import plain_text
from tests.helpers.corpus import CORPUS, HARMLESS_XML, HOSTILE_XML

WXR = CORPUS / "wxr"
IMPORTER = WXR / "wordpress-importer"
THEME_TEST = WXR / "theme-test-data" / "themeunittestdata.wordpress.xml"
THEME_SITE = "wxr:https://wpthemetestdata.wordpress.com"
THEME_FILES = "https://wpthemetestdata.files.wordpress.com"


def parse(path: Path, **options) -> list:
    with path.open("rb") as stream:
        return list(parse_wxr(stream, path.name, **options))


def parse_bytes(data: bytes, name: str = "export.xml", **options) -> list:
    return list(parse_wxr(io.BytesIO(data), name, **options))


def stories(results: list) -> list[Story]:
    return [result for result in results if isinstance(result, Story)]


def story_titled(results: list, headline: str) -> Story:
    (story,) = [story for story in stories(results) if story.headline == headline]
    return story


def write_image(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (4, 3), "red").save(path, "JPEG")
    return path


def wxr(
    items: str, channel: str = "", wp: str = "http://wordpress.org/export/1.2/"
) -> bytes:
    """A small WXR export around `items`."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:excerpt="{wp}excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel><title>Test</title><link>https://example.com/</link>
<wp:wxr_version>1.2</wp:wxr_version>{channel}
{items}
</channel></rss>""".encode()


def item(
    post_id: int,
    title: str = "A post",
    *,
    post_type: str = "post",
    status: str = "publish",
    content: str = "Text.",
    extra: str = "",
) -> str:
    return f"""<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id>
<wp:post_type>{post_type}</wp:post_type><wp:status>{status}</wp:status>
<content:encoded><![CDATA[{content}]]></content:encoded>{extra}</item>"""


def attachment(post_id: int, url: str, attached_file: str = "", **meta: str) -> str:
    metas = {"_wp_attached_file": attached_file, **meta}
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in metas.items()
        if value
    )
    extra = f"<wp:attachment_url>{url}</wp:attachment_url>{postmeta}"
    title = f"Photo {post_id}"
    return item(post_id, title, post_type="attachment", status="inherit", extra=extra)


def thumbnail(attachment_id: int) -> str:
    return (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        f"<wp:meta_value>{attachment_id}</wp:meta_value></wp:postmeta>"
    )


# The Theme Unit Test export


@pytest.fixture(scope="module")
def theme_results() -> list:
    return parse(THEME_TEST)


def test_theme_unit_test_gives_one_result_per_item(theme_results):
    # 186 items: 58 posts, 21 pages, 37 attachments, 70 menu items.
    assert len(theme_results) == 186
    statuses = [story.status for story in stories(theme_results)]
    assert statuses.count(PUBLISHED) == 54
    # The draft, the scheduled post, the password-protected one and the
    # untitled one (post 1169, under a placeholder headline).
    assert statuses.count(DRAFT) == 4
    assert len(statuses) == 58
    skipped = [result for result in theme_results if isinstance(result, Skipped)]
    assert len(skipped) == 128
    reasons = [result.reason for result in skipped]
    assert reasons.count("a WordPress page, not a story") == 21
    assert reasons.count("a navigation menu item") == 70
    errors = [result for result in theme_results if isinstance(result, RecordError)]
    assert errors == []


def test_theme_unit_test_titles_lose_their_markup_not_their_characters(theme_results):
    headlines = {story.headline for story in stories(theme_results)}
    assert "Markup: Title With Markup" in headlines
    assert (
        "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"
        in headlines
    )


def test_a_password_protected_post_becomes_a_draft(theme_results):
    story = story_titled(
        theme_results, 'Template: Password Protected (the password is "enter")'
    )
    assert story.status == DRAFT
    assert story.warnings == ["password-protected in WordPress; imported as a draft"]


def test_a_scheduled_post_becomes_a_draft_with_its_date(theme_results):
    story = story_titled(theme_results, "Scheduled")
    assert story.status == DRAFT
    assert story.published_at == datetime(2030, 1, 1, 19, 0, 18, tzinfo=UTC)
    assert story.warnings == [
        "scheduled in WordPress for 2030-01-01 19:00 UTC; imported as a draft"
    ]


def test_a_draft_stays_a_draft(theme_results):
    story = story_titled(theme_results, "Draft")
    assert (story.status, story.warnings) == (DRAFT, [])
    assert story.source_id == f"{THEME_SITE}:1164"


def test_categories_give_the_section_and_tags(theme_results):
    story = story_titled(theme_results, "Post Format: Standard")
    assert story.section == "Classic"
    # "Post Formats" is both a tag and a category: once.
    assert story.tags == ["Post Formats", "readability", "standard"]
    assert story.credits == [CreditRef(name="Theme Buster", role=AUTHOR, kind=PERSON)]
    assert story.source_id == f"{THEME_SITE}:358"
    assert story.published_at == datetime(2010, 10, 5, 7, 27, 25, tzinfo=UTC)
    assert story.record == 'item 126 (post 358 "Post Format: Standard")'


def test_uncategorized_is_no_section_nor_tag(theme_results):
    story = story_titled(theme_results, "Template: Excerpt (Defined)")
    assert story.section == "Classic"
    assert story.tags == ["content περιεχόμενο", "excerpt", "template"]


def test_the_excerpt_is_the_standfirst_as_text(theme_results):
    story = story_titled(theme_results, "Template: Excerpt (Defined)")
    assert story.standfirst == (
        "This is a user-defined post excerpt. It should be displayed in place of "
        "the post content in archive-index pages. It can be longer than the "
        "automatically generated excerpts, and can have HTML tags."
    )
    assert story.body_html == (
        "<p>This is the post content. It <strong>should</strong> be displayed in "
        "place of the user-defined excerpt in single-page views.</p>"
    )


def test_a_caption_shortcode_becomes_a_figure(theme_results):
    story = story_titled(theme_results, "Post Format: Image (Caption)")
    assert story.body_html == (
        f'<figure><a href="{THEME_FILES}/2008/06/100_5478.jpg"><img alt="Bell on Wharf"'
        ' class="wp-image-754 size-large" height="453"'
        f' src="{THEME_FILES}/2008/06/100_5478.jpg?w=604" width="604"/></a>'
        "<figcaption>Bell on wharf in San Francisco</figcaption></figure>"
    )
    assert story.images == {}


def test_page_markers_go_and_classic_text_gets_paragraphs(theme_results):
    paginated = story_titled(theme_results, "Template: Paginated")
    assert paginated.body_html == (
        "<p>Post Page 1</p>\n<p>Post Page 2</p>\n<p>Post Page 3</p>"
    )
    more = story_titled(theme_results, "Template: More Tag")
    assert more.body_html.endswith(
        "on themes showing excerpts.</p>\n<p>And this content is after the more tag."
        " (which should be the anchor link for when the button is clicked)</p>"
    )


def test_embed_urls_become_links(theme_results):
    youtube = story_titled(theme_results, "Post Format: Video (YouTube)")
    url = "https://www.youtube.com/watch?v=SQEQr7c0-dw"
    assert youtube.body_html.startswith(f'<p><a href="{url}">{url}</a></p>\n<p>Learn')
    audio = story_titled(theme_results, "Post Format: Audio")
    mp3 = (
        f"{THEME_FILES}/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3"
    )
    assert audio.body_html.endswith(
        f'<p>Audio shortcode:</p>\n<p><a href="{mp3}">{mp3}</a></p>'
    )


def test_a_gallery_shows_the_photos_it_names(theme_results):
    story = story_titled(theme_results, "Post Format: Gallery (Tiled)")
    soup = BeautifulSoup(story.body_html, "html.parser")
    # ids="755,757,758,760,766,763": 763 is not in the export.
    assert [img["src"] for img in soup.find_all("img")] == [
        f"{THEME_FILES}/2008/06/{name}.jpg"
        for name in ("100_5540", "dcp_2082", "dsc03149", "dsc09114", "michelle_049")
    ]
    assert soup.find("figcaption").get_text() == "Golden Gate Bridge"
    assert "[gallery" not in story.body_html
    plain = story_titled(theme_results, "Post Format: Gallery")
    assert "[gallery" not in plain.body_html


def test_no_block_comments_and_balanced_markup_in_any_body(theme_results):
    for story in stories(theme_results):
        assert "<!--" not in story.body_html, story.record
        soup = BeautifulSoup(story.body_html, "html.parser")
        assert str(soup) == story.body_html, story.record
        assert not soup.select("p p, p div, p figure, a a"), story.record


def test_urls_alone_on_a_line_in_a_block_paragraph_become_inline_links():
    (story,) = parse(IMPORTER / "wxr-base-url-rewriting.xml")
    soup = BeautifulSoup(story.body_html, "html.parser")
    assert [a["href"] for a in soup.find_all("a")][:3] == [
        "https://🚀-science.com/science",
        "https://🚀-science.com/%73%63ience",
        "https://xn---science-7f85g.com/science",
    ]
    assert not soup.select("p p")


def test_block_editor_content_keeps_its_own_paragraphs(theme_results):
    story = story_titled(theme_results, "WP 6.1 Text category blocks")
    assert story.body_html.startswith(
        "<p>This test post was generated using the block theme Emptytheme in "
        "WordPress 6.1.1.</p>\n<p>Paragraph</p>\n<h1>H1 Heading</h1>"
    )
    assert "<br/>" not in story.body_html.split("<h1>")[0]


def test_a_post_without_content_has_an_empty_body(theme_results):
    assert story_titled(theme_results, "Edge Case: No Content").body_html == ""


def test_the_featured_image_without_a_media_folder_is_a_missing_file(theme_results):
    story = story_titled(theme_results, "WP 6.1 Theme block category")
    image = story.lead_image
    url = f"{THEME_FILES}/2008/06/dsc20050102_192118_51.jpg"
    assert image.caption == "Albany wind-farm against the sunset, Western Australia"
    assert (image.alt_text, image.headline) == ("Wind Farm", "Wind Farm")
    assert image.original_filename == "dsc20050102_192118_51.jpg"
    assert (image.file_path, image.missing_file) == (None, url)
    assert image.record == 'item 29 (attachment 761 "Wind Farm")'
    assert story.warnings == [f"featured image file not found: {url}"]


def test_the_featured_image_and_body_photos_come_from_the_media_folder(tmp_path):
    featured = write_image(tmp_path / "2008" / "06" / "dsc20050102_192118_51.jpg")
    bell = write_image(tmp_path / "2008" / "06" / "100_5478.jpg")
    results = parse(THEME_TEST, media_root=tmp_path)
    story = story_titled(results, "WP 6.1 Theme block category")
    assert story.lead_image.file_path == featured.resolve()
    assert story.lead_image.missing_file == ""
    assert story.warnings == []
    captioned = story_titled(results, "Post Format: Image (Caption)")
    assert f'src="{IMAGE_MARKER}754"' in captioned.body_html
    assert list(captioned.images) == ["754"]
    photo = captioned.images["754"]
    assert photo.file_path == bell.resolve()
    assert (photo.caption, photo.alt_text) == (
        "Bell on wharf in San Francisco",
        "Bell on Wharf",
    )


# The wordpress-importer fixtures


def test_wxr_1_0_tags_and_categories():
    results = parse(IMPORTER / "valid-wxr-1.0.xml")
    assert [(s.headline, s.section, s.tags) for s in stories(results)] == [
        ("Hello world!", None, []),
        ("Alpha post", "alpha", ["news", "roar"]),
        ("Child post", "child", ["chicken", "face"]),
    ]
    assert [s.source_id for s in stories(results)] == [
        "wxr:http://localhost:1",
        "wxr:http://localhost:4",
        "wxr:http://localhost:6",
    ]
    assert [type(result) for result in results].count(Skipped) == 3
    hello = stories(results)[0]
    assert hello.credits == [CreditRef(name="admin", role=AUTHOR, kind=PERSON)]
    assert hello.published_at == datetime(2010, 10, 20, 14, 8, 20, tzinfo=UTC)
    assert hello.body_html == (
        "<p>Welcome to WordPress. This is your first post. Edit or delete it, "
        "then start blogging!</p>"
    )


def test_wxr_1_1_with_authors_display_names():
    results = parse(IMPORTER / "valid-wxr-1.1.xml")
    (story,) = stories(results)
    assert (story.headline, story.section, story.tags) == (
        "Hello world!",
        "alpha",
        ["Clippable"],
    )
    assert story.credits == [CreditRef(name="John Doe", role=AUTHOR, kind=PERSON)]
    assert results[1] == Skipped(
        record='item 2 (page 2 "About")', reason="a WordPress page, not a story"
    )


def test_a_private_post_becomes_a_draft():
    results = parse(IMPORTER / "small-export.xml")
    private = story_titled(results, "Private Post")
    assert private.status == DRAFT
    assert private.warnings == ["private in WordPress; imported as a draft"]
    assert private.tags == ["Tag1", "Tag2", "Tag3"]
    statuses = [story.status for story in stories(results)]
    assert (statuses.count(PUBLISHED), statuses.count(DRAFT)) == (5, 1)
    assert [type(result) for result in results].count(Skipped) == 5


def test_namespace_tricks_are_matched_by_uri_not_prefix():
    results = parse(IMPORTER / "namespace-edge-cases.xml")
    site = "wxr:namespace-edge-cases.xml"
    assert [(s.source_id, s.headline, s.body_html) for s in stories(results)] == [
        # The first post id wins over the second one (alt: is the real URI too).
        (f"{site}:1", "Mixed Namespaces", "<p>Content with namespace conflicts</p>"),
        (f"{site}:2", "No Prefix", "<p>Testing default namespace</p>"),
        (f"{site}:3", "Empty Namespace", "<p>Empty namespace test</p>"),
        (f"{site}:4", "Unicode Namespace", "<p>Unicode namespace URI test</p>"),
        (f"{site}:6", "Namespace Bomb", "<p>" + "&amp;lol1;" * 10 + "</p>"),
    ]
    # Its wp: prefix is bound to another URI: no post type, no id.
    assert results[4] == Skipped(
        record='item 5 ("Hijacked Namespace")',
        reason="no wp:post_type: not a WordPress post",
    )
    assert all(s.status == PUBLISHED and s.credits == [] for s in stories(results))


def test_a_hijacked_author_or_postmeta_is_ignored():
    channel = """
<wp:author xmlns:wp="http://example.com/fake/"><wp:author_login>ed</wp:author_login>
<wp:author_display_name>Fake Ed</wp:author_display_name></wp:author>
<wp:author><wp:author_login>ed</wp:author_login>
<wp:author_display_name>Real Ed</wp:author_display_name></wp:author>"""
    fake_thumbnail = thumbnail(9).replace(
        "<wp:postmeta>", '<wp:postmeta xmlns:wp="http://example.com/fake/">'
    )
    data = wxr(
        attachment(9, "https://example.com/a.jpg")
        + item(1, extra="<dc:creator>ed</dc:creator>" + fake_thumbnail),
        channel,
        wp="https://wordpress.org/export/1.1/",
    )
    story = stories(parse_bytes(data))[0]
    assert story.credits == [CreditRef(name="Real Ed", role=AUTHOR, kind=PERSON)]
    assert story.lead_image is None


def test_author_logins_are_trimmed():
    (story,) = parse(IMPORTER / "authors-multiline.xml")
    assert story.credits == [CreditRef(name="alice", role=AUTHOR, kind=PERSON)]
    data = wxr(
        item(1, extra="<dc:creator>\n alice\n</dc:creator>"),
        "<wp:author><wp:author_login>alice\n</wp:author_login>"
        "<wp:author_display_name>\n Alice  Liddell\n</wp:author_display_name></wp:author>",
    )
    (story,) = parse_bytes(data)
    assert story.credits == [CreditRef(name="Alice Liddell", role=AUTHOR, kind=PERSON)]


def test_backslashes_and_quotes_survive():
    (story,) = parse(IMPORTER / "slashes.xml")
    assert story.body_html == '<p>Slashes aren\\\'t \\"cool\\"</p>'
    assert story.section == 'a \\"great\\" category'
    assert story.source_id == "wxr:http://localhost:1"


def test_cdata_that_ends_like_a_cdata_end():
    (story,) = parse(IMPORTER / "cdata-edge.xml")
    assert story.body_html == "<p>ends with sequence ]] &gt;</p>"


def test_missing_fields_take_defaults():
    (story,) = parse(IMPORTER / "missing-tags.xml")
    assert story == Story(
        source_id="wxr:missing-tags.xml:1",
        record='item 1 (post 1 "No Author Post")',
        headline="No Author Post",
        body_html="<p>text</p>",
        status=PUBLISHED,
    )


def test_serialized_postmeta_is_not_unserialized():
    (story,) = parse(IMPORTER / "chunked-meta.xml")
    assert (story.body_html, story.lead_image, story.warnings) == (
        "<p>Hello world</p>",
        None,
        [],
    )


def test_an_invalid_version_tag_is_still_an_export_without_items():
    assert parse(IMPORTER / "invalid-version-tag.xml") == []


def test_a_featured_image_named_by_thumbnail_id():
    first, post = parse(WXR / "superdesk" / "wordpress_wxr_thumb.xml")
    assert (
        first.reason == "an attachment: its photo comes in with the posts that use it"
    )
    assert post.lead_image.headline == "test"
    assert post.lead_image.caption == "excerpt"
    assert post.lead_image.missing_file == "https://toto.invalid/attachment.jpg"
    assert post.lead_image.original_filename == "attachment.jpg"
    assert post.lead_image.record == 'item 1 (attachment 333 "test")'
    assert post.source_id == "wxr:https://toto.invalid:123123"
    # "<strong>toto</toto>" in the export.
    assert post.body_html == "<p><strong>toto</strong></p>"


def test_a_featured_image_may_come_after_its_post(tmp_path):
    write_image(tmp_path / "2024" / "01" / "late.jpg")
    data = wxr(
        item(1, extra=thumbnail(5))
        + attachment(
            5,
            "https://example.com/wp-content/uploads/2024/01/late.jpg",
            _wp_attachment_image_alt="Late alt",
        )
    )
    story, skipped = parse_bytes(data, media_root=tmp_path)
    assert (
        story.lead_image.file_path == (tmp_path / "2024" / "01" / "late.jpg").resolve()
    )
    assert story.lead_image.alt_text == "Late alt"
    assert isinstance(skipped, Skipped)


def test_mislabelled_attachments_are_skipped():
    results = parse(WXR / "superdesk" / "wordpress_wxr.xml")
    (story,) = stories(results)
    assert story.headline == "Starafrica to dispose assets for $6 million to clear debt"
    assert (story.section, story.tags) == ("Business", ["Companies", "Economy"])
    assert [result.reason for result in results[1:]] == [
        "a post with status 'inherit': a revision or an attachment exported as a post"
    ] * 4


def test_body_photos_found_in_the_media_folder_are_placed(tmp_path):
    canola = write_image(tmp_path / "2008" / "06" / "canola2.jpg")
    (_, story) = parse(
        IMPORTER / "wxr-flat-attachment-same-site.xml", media_root=tmp_path
    )
    assert f'src="{IMAGE_MARKER}611"' in story.body_html
    assert story.images["611"].file_path == canola.resolve()
    assert story.images["611"].alt_text == "canola"
    (_, remote) = parse(IMPORTER / "wxr-flat-attachment-same-site.xml")
    assert f'src="{THEME_FILES}/2008/06/canola2.jpg"' in remote.body_html
    assert remote.images == {}


def test_a_resized_copy_is_its_attachment_and_other_images_keep_their_src(tmp_path):
    write_image(tmp_path / "2024" / "02" / "photo.jpg")
    uploads = "https://example.com/wp-content/uploads/2024/02"
    content = (
        f'<img src="{uploads}/photo-300x200.jpg" alt="small">\n\n'
        '<img src="https://elsewhere.example/photo.jpg" alt="remote">'
    )
    data = wxr(attachment(7, f"{uploads}/photo.jpg") + item(1, content=content))
    story = stories(parse_bytes(data, media_root=tmp_path))[0]
    assert story.body_html == (
        f'<p><img alt="small" src="{IMAGE_MARKER}7"/></p>\n'
        '<p><img alt="remote" src="https://elsewhere.example/photo.jpg"/></p>'
    )
    assert list(story.images) == ["7"]


def test_attached_file_names_never_leave_the_media_folder(tmp_path):
    media_root = tmp_path / "site" / "uploads"
    write_image(media_root / "2024" / "01" / "fine.jpg")
    secret = write_image(tmp_path / "site" / "secret.jpg")
    write_image(tmp_path / "etc" / "passwd")
    (media_root / "link.jpg").symlink_to(secret)
    names = [
        "../../etc/passwd",
        "../secret.jpg",
        str(secret),
        "..\\secret.jpg",
        "link.jpg",
    ]
    attachments = "".join(
        attachment(10 + number, "", attached_file=name)
        for number, name in enumerate(names)
    )
    attachments += attachment(
        20, "https://example.com/wp-content/uploads/..%2Fsecret.jpg"
    )
    attachments += attachment(30, "", attached_file="2024/01/fine.jpg")
    posts = "".join(
        item(100 + n, extra=thumbnail(n)) for n in (*range(10, 10 + len(names)), 20, 30)
    )
    results = stories(parse_bytes(wxr(attachments + posts), media_root=media_root))
    *refused, fine = [story.lead_image for story in results]
    assert [image.file_path for image in refused] == [None] * (len(names) + 1)
    assert [image.missing_file for image in refused[: len(names)]] == names
    assert fine.file_path == (media_root / "2024" / "01" / "fine.jpg").resolve()


# Statuses and dates


@pytest.mark.parametrize(
    ("status", "password", "expected", "warnings"),
    [
        ("publish", "", PUBLISHED, []),
        ("publish", "secret", DRAFT, ["password-protected in WordPress; imported as a draft"]),
        ("draft", "", DRAFT, []),
        ("pending", "", REVIEW, []),
        ("private", "", DRAFT, ["private in WordPress; imported as a draft"]),
        ("", "", DRAFT, ["WordPress status missing unknown; imported as a draft"]),
        ("archived", "", DRAFT, ["WordPress status 'archived' unknown; imported as a draft"]),
    ],
)  # fmt: skip
def test_statuses_never_make_public_what_was_not(status, password, expected, warnings):
    extra = (
        f"<wp:post_password>{password}</wp:post_password>"
        "<wp:post_date_gmt>2024-05-06 07:08:09</wp:post_date_gmt>"
    )
    (story,) = parse_bytes(wxr(item(1, status=status, extra=extra)))
    assert (story.status, story.warnings) == (expected, warnings)


@pytest.mark.parametrize(
    ("post_type", "status", "reason"),
    [
        ("post", "trash", "a trashed post"),
        ("post", "auto-draft", "an automatic draft WordPress saved, never written"),
        ("revision", "inherit", "a revision of a post"),
        ("product", "publish", "a 'product' item, not a post"),
    ],
)
def test_items_that_are_not_stories_are_skipped(post_type, status, reason):
    data = wxr(item(3, "Not a story", post_type=post_type, status=status))
    assert parse_bytes(data) == [
        Skipped(record=f'item 1 ({post_type} 3 "Not a story")', reason=reason)
    ]


def test_a_missing_gmt_date_falls_back_to_the_local_date():
    dates = (
        "<wp:post_date>2024-05-06 09:08:09</wp:post_date>"
        "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"
    )
    published, draft = parse_bytes(
        wxr(item(1, extra=dates) + item(2, status="draft", extra=dates))
    )
    assert published.published_at == datetime(2024, 5, 6, 9, 8, 9, tzinfo=UTC)
    assert published.warnings == [
        "no wp:post_date_gmt; its local wp:post_date was taken as UTC"
    ]
    assert (draft.published_at, draft.warnings) == (None, [])


def test_an_unreadable_date_is_a_record_error():
    data = wxr(
        item(
            1, "Odd date", extra="<wp:post_date_gmt>2024-13-45 99:00</wp:post_date_gmt>"
        )
    )
    assert parse_bytes(data) == [
        RecordError(
            record='item 1 (post 1 "Odd date")',
            message="unreadable date '2024-13-45 99:00' in wp:post_date_gmt",
        )
    ]


def test_the_guid_identifies_a_post_without_an_id():
    data = wxr(
        "<item><title>Guid only</title><guid>https://example.com/?p=7</guid>"
        "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
    )
    (story,) = parse_bytes(data)
    assert story.source_id == "wxr:https://example.com:https://example.com/?p=7"


# Files that are not usable


@pytest.mark.parametrize(
    ("name", "line"), [("crazy-cdata.xml", 18), ("malformed.xml", 90)]
)
def test_broken_xml_fails_with_its_line(name, line):
    with pytest.raises(StoryError, match=rf"^not well-formed XML at line {line}, "):
        parse(IMPORTER / name)


@pytest.mark.parametrize("path", HOSTILE_XML, ids=lambda path: path.name)
def test_hostile_xml_is_refused_quickly(path):
    started = time.monotonic()
    with pytest.raises(StoryError, match=r"^refused: "):
        parse(path)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    "path",
    [*HARMLESS_XML, CORPUS / "feeds" / "real-feeds" / "guardian.rss"],
    ids=lambda path: path.name,
)
def test_other_xml_is_not_a_wordpress_export(path):
    with pytest.raises(StoryError, match=r"^not a WordPress export: "):
        parse(path)


def test_an_rss_without_a_channel_is_not_an_export():
    with pytest.raises(StoryError, match=r"^not a WordPress export: the <rss> has no"):
        parse_bytes(b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><wp:x/></rss>')


def test_memory_stays_flat_in_the_file_size(tmp_path):
    path = tmp_path / "big.xml"
    with path.open("w", encoding="utf-8") as file:
        file.write(wxr("").decode().removesuffix("\n</channel></rss>"))
        for number in range(1, 20_001):
            file.write(
                item(number, f"Post {number}", content=f"Story number {number}.")
            )
        file.write("</channel></rss>")
    assert path.stat().st_size > 3_500_000
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            count = sum(
                1
                for result in parse_wxr(stream, path.name)
                if isinstance(result, Story)
            )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < 20_000_000


# WordPress content into HTML


def test_wpautop_makes_paragraphs_and_line_breaks():
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"
    # As WordPress: no paragraph for a single line inside a block.
    assert wpautop("<div>\nA\n</div>\n\nB") == "<div>\nA\n</div>\n<p>B</p>\n"
    assert wpautop("A\n\n<pre>x\n\ny</pre>") == "<p>A</p>\n<pre>x\n\ny</pre>\n"


def test_shortcodes():
    assert do_shortcodes("[embed width=300]https://x.example/v[/embed]") == (
        '<a href="https://x.example/v">https://x.example/v</a>'
    )
    assert do_shortcodes('[video src="https://x.example/a.mp4"][/video]') == (
        '<a href="https://x.example/a.mp4">https://x.example/a.mp4</a>'
    )
    assert (
        do_shortcodes('[column width="1/2"]Kept [b]inner[/b][/column]') == "Kept inner"
    )
    assert do_shortcodes('A[contact-form id="3"] B[spacer /]') == "A B"
    # Prose in brackets and escaped shortcodes stay.
    assert (
        do_shortcodes("[Public domain via x] [[caption]]")
        == "[Public domain via x] [caption]"
    )


def test_plain_content_takes_the_fast_path_to_the_same_html():
    text = 'He said "yes".\nThen\n\nleft.'
    assert content_to_html(text) == '<p>He said "yes".<br/>\nThen</p>\n<p>left.</p>'
    assert content_to_html(text + "<!-- -->") == content_to_html(text)


def test_plain_text():
    assert plain_text("Mark<sup>up</sup> &amp; <p>more</p>text") == "Markup & more text"
    assert plain_text("A &lol; B") == "A &lol; B"
