"""What each visible file of the corpus's `newsml-g2/` gives when imported
(tests/test_newsml_g2.py): the values the files state, or the reason each
is refused. READS stands for the formats the command reads (its message's
end)."""

from __future__ import annotations

from pathlib import Path

from articles.interchange.newsml_reader import parse_newsml
from tests.helpers.corpus import CORPUS

G2 = CORPUS / "newsml-g2"
SAMPLES = G2 / "agency-samples" / "superdesk"

STORY, PHOTO, SKIPPED, ERROR, REFUSED = "story", "photo", "skipped", "error", "refused"
JPEG = (
    "a JPEG image, which this command does not read (photos come in with "
    "import_images); READS"
)
XSD = (
    "XML with root `xs:schema` (an XML Schema), which this command does not read; READS"
)
NO_HEADLINE = (ERROR, "no headline")
NO_TEXT = (ERROR, "no text: the item has no inline content")
EMPTY_PACKAGE = (ERROR, "a package with no items")
CONCEPT = (
    SKIPPED,
    "a NewsML-G2 concept item defines a concept (a person, an event, a subject), "
    "it is not a story",
)
KNOWLEDGE = (SKIPPED, "a NewsML-G2 knowledge item is a set of concepts, not a story")
PLANNING = (SKIPPED, "a NewsML-G2 planning item plans coverage, it is not a story")
CATALOG_ITEM = (SKIPPED, "a NewsML-G2 catalog item lists schemes, it is not a story")
VIDEO = (SKIPPED, "a NewsML-G2 video item is not a story")
CATALOG = (
    REFUSED,
    "NewsML-G2 `catalog` is part of an item or a catalog, not a news item or "
    "message: there is no newsItem, packageItem or newsMessage to read",
)

# Per file, in order: a story (source id, headline), a library photo (its
# file, headline), a skip or a record's error with its reason; or the whole
# file refused.
# fmt: off
EXPECTED = [
    ('agency-samples/superdesk/ansa-newsmlg2-text.xml', [(STORY, 'newsml:tag:ansa.it,2017-10-11:40e5fb1034e7e2b21942ea09718fc85a', 'Catalan independence declaration unacceptable - Alfano')]),
    ('agency-samples/superdesk/ap.xml', [(STORY, 'newsml:tag:ap.org,2011:5e565888b587889c5c8bd62b6164118c-text', 'Nutrisystem beats 4Q earnings and revenue expectations'), (STORY, 'newsml:tag:ap.org,2011:b6d5d4eb781939b5fe8722f3fba28ee2-text', 'DiamondRock Hospitality posts 4Q FFO of $50.7 million, results top expectations'), (STORY, 'newsml:tag:ap.org,2011:4db5f9c37aac8924db872ba5a7e287e6-text', 'Scripps Networks tops 4Q profit and revenue expectations')]),
    ('agency-samples/superdesk/dpa.xml', [(STORY, 'newsml:urn:newsml:dpa.com:20090101:221011-930-4303', 'Eintracht in London: Hintereggers Tränen und Attacke auf Reporter')]),
    ('agency-samples/superdesk/picture.xml', [(SKIPPED, 'a NewsML-G2 picture whose file is not beside it (http://content.reuters.com/auth-server/content/tag:reuters.com,0000:newsml_GM1E9341HD701:360624134/tag:reuters.com,0000:binary_GM1E9341HD701-BASEIMAGE): remote renditions are never fetched, and a photo is kept on its own only with its file')]),
    ('agency-samples/superdesk/scoop.xml', [(ERROR, 'a package with no text item here to tell its story (members: 20160112123540)'), NO_HEADLINE]),
    ('agency-samples/superdesk/stt_newsml_abstract_test.xml', [NO_HEADLINE]),
    ('agency-samples/superdesk/stt_newsml_location_rich.xml', [(STORY, 'newsml:urn:newsml:stt.fi:20170829:101572756', 'Tuhannet rohingya-pakolaiset jumissa Myanmarin ja Bangladeshin rajalla')]),
    ('agency-samples/superdesk/stt_newsml_test.xml', [(STORY, 'newsml:urn:newsml:stt.fi:20171219:101801633', 'Parliament passed the Alcohol Act and the government gained confidence*** TRANSLATED ***')]),
    ('agency-samples/superdesk/tag_reuters.com_2014_binary_LYNXMPEA6F0MS-BASEIMAGE', [(REFUSED, JPEG)]),
    ('agency-samples/superdesk/tag_reuters.com_2014_binary_LYNXMPEA6F0MS-THUMBNAIL', [(REFUSED, JPEG)]),
    ('agency-samples/superdesk/tag_reuters.com_2014_binary_LYNXMPEA6F0MS-VIEWIMAGE', [(REFUSED, JPEG)]),
    ('agency-samples/superdesk/tag_reuters.com_2014_binary_LYNXMPEA6F0MT-BASEIMAGE', [(REFUSED, JPEG)]),
    ('agency-samples/superdesk/tag_reuters.com_2014_binary_LYNXMPEA6F0MT-THUMBNAIL', [(REFUSED, JPEG)]),
    ('agency-samples/superdesk/tag_reuters.com_2014_binary_LYNXMPEA6F0MT-VIEWIMAGE', [(REFUSED, JPEG)]),
    ('agency-samples/superdesk/tag_reuters.com_2014_binary_LYNXMPEA6F13M-BASEIMAGE', [(REFUSED, JPEG)]),
    ('agency-samples/superdesk/tag_reuters.com_2014_binary_LYNXMPEA6F13M-THUMBNAIL', [(REFUSED, JPEG)]),
    ('agency-samples/superdesk/tag_reuters.com_2014_binary_LYNXMPEA6F13M-VIEWIMAGE', [(REFUSED, JPEG)]),
    ('agency-samples/superdesk/tag_reuters.com_2014_newsml_KBN0FL0NM_version_10', [(STORY, 'newsml:tag_reuters.com_2014_newsml_KBN0FL0NM', 'Confident Assad launches new term in stronger position')]),
    ('agency-samples/superdesk/tag_reuters.com_2014_newsml_KBN0FL0NN_version_5', [(STORY, 'newsml:tag_reuters.com_2014_newsml_KBN0FL0NN', 'Confident Assad launches new term in stronger position')]),
    ('agency-samples/superdesk/tag_reuters.com_2014_newsml_KBN0FL0ZP_version_2', [(STORY, 'newsml:tag_reuters.com_2014_newsml_KBN0FL0ZP', "Syria's Assad says foreign states will pay for supporting 'terrorism'")]),
    ('agency-samples/superdesk/tag_reuters.com_2014_newsml_LYNXMPEA6F0MS_version_2', [(PHOTO, 'tag_reuters.com_2014_binary_LYNXMPEA6F0MS-BASEIMAGE', "Still image from video shows Syria's President Bashar al-Assad arriving to be sworn in for a new seven-year term at the presidential palace in Damascus")]),
    ('agency-samples/superdesk/tag_reuters.com_2014_newsml_LYNXMPEA6F0MT_version_2', [(PHOTO, 'tag_reuters.com_2014_binary_LYNXMPEA6F0MT-BASEIMAGE', "Still image from video shows Syria's President Bashar al-Assad arriving to be sworn in for a new seven-year term at the presidential palace in Damascus")]),
    ('agency-samples/superdesk/tag_reuters.com_2014_newsml_LYNXMPEA6F13M_version_1', [(PHOTO, 'tag_reuters.com_2014_binary_LYNXMPEA6F13M-BASEIMAGE', "Syria's President Bashar al-Assad places his right hand on a Koran as he is sworn in for a new seven-year term, at al-Shaab presidential palace in Damascus")]),
    ('agency-samples/superdesk/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538', [NO_TEXT]),
    ('agency-samples/superdesk/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838', [(STORY, 'newsml:tag:reuters.com,0000:newsml_L1N14N0FF', 'CORRECTED-S. Illinois battles flooding as Mississippi River builds downstream')]),
    ('agency-samples/superdesk/text.xml', [(STORY, 'newsml:tag:reuters.com,0000:newsml_L4N0BT5PJ', 'Soccer-Smiling Benitez pleads for support after midweek outburst against opponent')]),
    ('iptc-examples/LISTING_10_Abstract_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml', [CONCEPT]),
    ('iptc-examples/LISTING_12_Knowledge_Item_for_Access_Codes.xml', [KNOWLEDGE]),
    ('iptc-examples/LISTING_14_Event_sent_as_a_Concept_Item.xml', [CONCEPT]),
    ('iptc-examples/LISTING_16_A_Set_of_Events_carried_in_a_News_Item.xml', [(SKIPPED, 'a NewsML-G2 composite item is not a story')]),
    ('iptc-examples/LISTING_17_Planning_Item_a_CCL.xml', [PLANNING]),
    ('iptc-examples/LISTING_19_Planning_Item_with_delivery_at_CCL.xml', [PLANNING]),
    ('iptc-examples/LISTING_1_A_NewsML-G2_News_Item.xml', [NO_TEXT]),
    ('iptc-examples/LISTING_21_A_complete_sample_SportsML-G2_document.xml', [(ERROR, "its text is inline XML of type 'application/sportsml+xml', which this reader does not read")]),
    ('iptc-examples/LISTING_22_Sports_story_in_NewsML-G2NITF.xml', [(STORY, 'newsml:tag:xmlteam.com,2016:xt.5932656-preview', 'Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m.')]),
    ('iptc-examples/LISTING_24_News_Message_conveying_a_complete_News_Package.xml', [(ERROR, 'a package with no text item here to tell its story (members: N1, N2, N3, N4)'), NO_HEADLINE, NO_HEADLINE, NO_HEADLINE, NO_HEADLINE]),
    ('iptc-examples/LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml', [(REFUSED, 'XML with root `contentSet` (part of a NewsML-G2 item), which this command does not read; READS')]),
    ('iptc-examples/LISTING_26_Embedded_photo_metadata_fields_mapped_to_NewsML-G2.xml', [(SKIPPED, 'a NewsML-G2 picture whose file is not beside it (http://www.acmenews.com/content/pictures/hires/20081208/USA-CRASH-MILITARY_001_HI.jpg): remote renditions are never fetched, and a photo is kept on its own only with its file')]),
    ('iptc-examples/LISTING_28_Illustrating_Located_Subject_and_Dateline.xml', [(REFUSED, 'XML with root `contentMeta` (part of a NewsML-G2 item), which this command does not read; READS')]),
    ('iptc-examples/LISTING_2_NewsML-G2_Text_Document.xml', [(STORY, 'newsml:urn:newsml:acmenews.com:20161121:US-FINANCE-FED', 'Fed to halt QE to avert "bubble"')]),
    ('iptc-examples/LISTING_3_Photo_in_NewsML-G2.xml', [(SKIPPED, 'a NewsML-G2 picture whose file is not beside it (./GYI0062134533.jpg): remote renditions are never fetched, and a photo is kept on its own only with its file')]),
    ('iptc-examples/LISTING_4_Multiple_Renditions_of_a_Video_in_NewsML-G2.xml', [VIDEO]),
    ('iptc-examples/LISTING_6_Simple_NewsML-G2_Package.xml', [(ERROR, 'a package with no text item here to tell its story (members: urn:newsml:iptc.org:20081007:tutorial-item-A, urn:newsml:iptc.org:20081007:tutorial—item-B)')]),
    ('iptc-examples/LISTING_7_Group_Set_example_showing_Hierarchical_Package_Structure.xml', [(REFUSED, 'XML with root `groupSet` (part of a NewsML-G2 item), which this command does not read; READS')]),
    ('iptc-examples/LISTING_9_Group_Set_example_showing_a_SEQ_Package_Mode.xml', [(REFUSED, 'XML with root `groupSet` (part of a NewsML-G2 item), which this command does not read; READS')]),
    ('iptc-examples/ap_metadata_example.xml', [VIDEO]),
    ('iptc-examples/facet-example.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.12/should_fail/xsany-on-hasinstrument.xml', [EMPTY_PACKAGE]),
    ('iptc-unit-tests/2.28/should_fail/2.29_affiliation_org_org.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.28/should_fail/2.29_retiring_scheme_schememeta.xml', [KNOWLEDGE]),
    ('iptc-unit-tests/2.28/should_pass/001_simplest_file.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.28/should_pass/CR00206_metadataCreator.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.28/should_pass/CR00207_datetime_catalogItem.xml', [CATALOG_ITEM]),
    ('iptc-unit-tests/2.28/should_pass/CR00207_datetime_knowledgeItem.xml', [KNOWLEDGE]),
    ('iptc-unit-tests/2.28/should_pass/CR00207_datetime_newsItem.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.28/should_pass/CR00207_datetime_planningItem.xml', [PLANNING]),
    ('iptc-unit-tests/2.29/should_fail/001_incomplete_file.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.29/should_pass/001_simplest_file.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.29/should_pass/CR00208_affiliation_org_org.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.29/should_pass/CR00209_retiring_scheme_scheme.xml', [CATALOG]),
    ('iptc-unit-tests/2.29/should_pass/CR00213_01_attribute_cardinality_newsitem.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.29/should_pass/CR00213_02_attribute_cardinality_knowledgeitem.xml', [KNOWLEDGE]),
    ('iptc-unit-tests/2.29/should_pass/CR00213_03_attribute_cardinality_conceptitem.xml', [CONCEPT]),
    ('iptc-unit-tests/2.29/should_pass/CR00213_04_attribute_cardinality_packageitem.xml', [EMPTY_PACKAGE]),
    ('iptc-unit-tests/2.29/should_pass/CR00213_05_attribute_cardinality_planningitem.xml', [PLANNING]),
    ('iptc-unit-tests/2.30/should_fail/CR00212_02_residrefformaturi_badly_formatted.xml', [(ERROR, 'a package with no text item here to tell its story (members: urn:newsml:iptc.org:20081007:tutorial-item-A, urn:newsml:iptc.org:20081007:tutorial—item-B, urn:newsml:iptc.org:20081007:tutorial-item-C, urn:newsml:iptc.org:20081007:tutorial—item-D, urn:newsml:iptc.org:20081007:tutorial-item-E, urn:newsml:iptc.org:20081007:tutorial—item-F)')]),
    ('iptc-unit-tests/2.30/should_pass/CR00211_01_newsitem_with_no_catalog.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.30/should_pass/CR00211_03_conceptitem_with_no_catalog.xml', [CONCEPT]),
    ('iptc-unit-tests/2.30/should_pass/CR00211_04_packageitem_with_no_catalog.xml', [EMPTY_PACKAGE]),
    ('iptc-unit-tests/2.30/should_pass/CR00211_05_conceptitem_with_no_catalog.xml', [CONCEPT]),
    ('iptc-unit-tests/2.30/should_pass/CR00211_06_newsitem_with_catalogref.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.30/should_pass/CR00211_07_newsitem_with_catalog.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.30/should_pass/CR00212_02_residrefformaturi.xml', [(ERROR, 'a package with no text item here to tell its story (members: urn:newsml:iptc.org:20081007:tutorial-item-A, urn:newsml:iptc.org:20081007:tutorial—item-B, urn:newsml:iptc.org:20081007:tutorial-item-C, urn:newsml:iptc.org:20081007:tutorial—item-D, urn:newsml:iptc.org:20081007:tutorial-item-E, urn:newsml:iptc.org:20081007:tutorial—item-F, urn:newsml:iptc.org:20081007:tutorial—item-G, urn:newsml:iptc.org:20081007:tutorial—item-H, urn:newsml:iptc.org:20081007:tutorial—item-I, urn:newsml:iptc.org:20081007:tutorial—item-J, urn:newsml:iptc.org:20081007:tutorial—item-K, urn:newsml:iptc.org:20081007:tutorial—item-L, urn:newsml:iptc.org:20081007:tutorial—item-M)')]),
    ('iptc-unit-tests/2.30/should_pass/CR00213_01_attribute_cardinality_newsitem.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.30/should_pass/CR00213_02_attribute_cardinality_knowledgeitem.xml', [KNOWLEDGE]),
    ('iptc-unit-tests/2.30/should_pass/CR00213_03_attribute_cardinality_conceptitem.xml', [CONCEPT]),
    ('iptc-unit-tests/2.30/should_pass/CR00213_04_attribute_cardinality_packageitem.xml', [EMPTY_PACKAGE]),
    ('iptc-unit-tests/2.30/should_pass/CR00213_05_attribute_cardinality_planningitem.xml', [PLANNING]),
    ('iptc-unit-tests/2.31/should_pass/CR00215_hasInstrument_on_assert.xml', [EMPTY_PACKAGE]),
    ('iptc-unit-tests/2.32/should_pass/CR00216_authoritystatus_on_catalog.xml', [CATALOG]),
    ('iptc-unit-tests/2.32/should_pass/CR00216_authoritystatus_on_scheme.xml', [CATALOG]),
    ('iptc-unit-tests/2.32/should_pass/CR00216_authoritystatus_on_schememeta.xml', [KNOWLEDGE]),
    ('iptc-unit-tests/2.33/should_fail/digitalSourceType_catalogItem.xml', [CATALOG_ITEM]),
    ('iptc-unit-tests/2.33/should_pass/CR00217_digitalSourceType_on_contentMeta.xml', [(STORY, 'newsml:urn:newsml:acmenews.com:20231121:US-FINANCE-FED', 'Fed to halt QE to avert "bubble"')]),
    ('iptc-unit-tests/2.33/should_pass/CR00217_digitalSourceType_on_contentMeta_knowledgeItem.xml', [KNOWLEDGE]),
    ('iptc-unit-tests/2.33/should_pass/CR00217_digitalSourceType_on_contentMeta_newsItem.xml', [(STORY, 'newsml:urn:newsml:acmenews.com:20231121:US-FINANCE-FED', 'Fed to halt QE to avert "bubble"')]),
    ('iptc-unit-tests/2.33/should_pass/CR00217_digitalSourceType_on_contentMeta_partMeta.xml', [VIDEO]),
    ('iptc-unit-tests/2.33/should_pass/CR00217_digitalSourceType_on_contentMeta_planningItem.xml', [PLANNING]),
    ('iptc-unit-tests/2.34/should_fail/CR00218_too_many_nested_related.xml', [NO_TEXT]),
    ('iptc-unit-tests/2.34/should_pass/CR00218_increase_nesting_of_related.xml', [NO_TEXT]),
    ('iptc-unit-tests/2.34/should_pass/CR00219_datamining_in_rightsinfo_multilang.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.34/should_pass/CR00219_datamining_in_rightsinfo_otherconstraints.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.34/should_pass/CR00219_datamining_in_rightsinfo_qcode_multilang.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.34/should_pass/CR00219_datamining_in_rightsinfo_simple.xml', [NO_HEADLINE]),
    ('iptc-unit-tests/2.35/should_pass/CR00221_eventstatus.xml', [CONCEPT]),
    ('schema/NewsML-G2_2.35-spec-All-Power.xsd', [(REFUSED, XSD)]),
    ('schema/xml.xsd', [(REFUSED, XSD)]),
]
# fmt: on


def read(path: Path) -> list:
    """What the NewsML-G2 reader makes of a file, every result."""
    with path.open("rb") as stream:
        return list(parse_newsml(stream, path.name))
