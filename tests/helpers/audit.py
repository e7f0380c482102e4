"""The integrity audit of an import, read with a plain driver connection
(tests/test_faults.py): every count of rows breaking a rule must be 0."""

from __future__ import annotations

from tests.helpers.servers import TargetDatabase

# The audit of an import ------------------------------------------------------

# Each query counts rows that break a rule; every count must be 0. The stories
# of bench/imports.py's write_jsonl: a byline and a "with files from" credit,
# three tags, a section, and a lead photo (no file) credited to a
# photographer and an agency; each gets a history entry "Imported from <id>"
# that records the article and its two credits.
STORY_RULES = {
    "story without its 2 article credits": """
        SELECT COUNT(*) FROM articles_article a WHERE
          (SELECT COUNT(*) FROM articles_credit c WHERE c.article_id = a.id) <> 2
          OR (SELECT COUNT(DISTINCT c.role) FROM articles_credit c
              WHERE c.article_id = a.id AND c.role IN ('author', 'contributor')) <> 2
    """,
    "story without its 3 tags": """
        SELECT COUNT(*) FROM articles_article a WHERE
          (SELECT COUNT(*) FROM articles_article_tags t
           JOIN articles_tag g ON g.id = t.tag_id WHERE t.article_id = a.id) <> 3
    """,
    "story without its section": """
        SELECT COUNT(*) FROM articles_article a WHERE NOT EXISTS
          (SELECT 1 FROM articles_section s WHERE s.id = a.section_id)
    """,
    "story without its lead photo": """
        SELECT COUNT(*) FROM articles_article a WHERE NOT EXISTS
          (SELECT 1 FROM articles_image i WHERE i.id = a.lead_image_id)
    """,
    "lead photo without its 2 credits": """
        SELECT COUNT(*) FROM articles_article a WHERE
          (SELECT COUNT(*) FROM articles_credit c WHERE c.image_id = a.lead_image_id) <> 2
          OR (SELECT COUNT(DISTINCT c.role) FROM articles_credit c
              WHERE c.image_id = a.lead_image_id
                AND c.role IN ('creator', 'distributor')) <> 2
    """,
    "lead photo shared by two stories": """
        SELECT COUNT(*) - COUNT(DISTINCT lead_image_id) FROM articles_article
    """,
    "story without its import revision": """
        SELECT COUNT(*) FROM articles_article a WHERE NOT EXISTS
          (SELECT 1 FROM reversion_version v
           JOIN reversion_revision r ON r.id = v.revision_id
           WHERE v.db = 'default' AND v.content_type_id = {article}
             AND v.object_id = CAST(a.id AS TEXT)
             AND r.comment = 'Imported from ' || a.source_id)
    """,
    "import revision without the story's 2 credits": """
        SELECT COUNT(*) FROM reversion_version v WHERE v.content_type_id = {article}
          AND (SELECT COUNT(*) FROM reversion_version w
               WHERE w.revision_id = v.revision_id
                 AND w.content_type_id = {credit}) <> 2
    """,
}
ORPHAN_RULES = {
    "photo that no story uses": """
        SELECT COUNT(*) FROM articles_image i WHERE
          NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.lead_image_id = i.id)
          AND NOT EXISTS (SELECT 1 FROM articles_article_body_images b
                          WHERE b.image_id = i.id)
    """,
    "credit without a target": """
        SELECT COUNT(*) FROM articles_credit c WHERE
          NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = c.article_id)
          AND NOT EXISTS (SELECT 1 FROM articles_image i WHERE i.id = c.image_id)
    """,
    "credit without its contributor": """
        SELECT COUNT(*) FROM articles_credit c WHERE NOT EXISTS
          (SELECT 1 FROM articles_contributor p WHERE p.id = c.contributor_id)
    """,
    "tag link without its story or tag": """
        SELECT COUNT(*) FROM articles_article_tags t WHERE
          NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = t.article_id)
          OR NOT EXISTS (SELECT 1 FROM articles_tag g WHERE g.id = t.tag_id)
    """,
    "contributor credited nowhere": """
        SELECT COUNT(*) FROM articles_contributor p WHERE NOT EXISTS
          (SELECT 1 FROM articles_credit c WHERE c.contributor_id = p.id)
    """,
    "tag on no story": """
        SELECT COUNT(*) FROM articles_tag g WHERE NOT EXISTS
          (SELECT 1 FROM articles_article_tags t WHERE t.tag_id = g.id)
    """,
    "section with no story": """
        SELECT COUNT(*) FROM articles_section s WHERE NOT EXISTS
          (SELECT 1 FROM articles_article a WHERE a.section_id = s.id)
    """,
    "version without its revision": """
        SELECT COUNT(*) FROM reversion_version v WHERE NOT EXISTS
          (SELECT 1 FROM reversion_revision r WHERE r.id = v.revision_id)
    """,
    "revision without versions": """
        SELECT COUNT(*) FROM reversion_revision r WHERE NOT EXISTS
          (SELECT 1 FROM reversion_version v WHERE v.revision_id = r.id)
    """,
    "version of a story that is not there": """
        SELECT COUNT(*) FROM reversion_version v WHERE v.content_type_id = {article}
          AND NOT EXISTS (SELECT 1 FROM articles_article a
                          WHERE a.id = CAST(v.object_id AS INTEGER))
    """,
    "version of a credit that is not there": """
        SELECT COUNT(*) FROM reversion_version v WHERE v.content_type_id = {credit}
          AND NOT EXISTS (SELECT 1 FROM articles_credit c
                          WHERE c.id = CAST(v.object_id AS INTEGER))
    """,
    "webhook event, delivery or task (no endpoint exists)": """
        SELECT (SELECT COUNT(*) FROM articles_articleevent)
             + (SELECT COUNT(*) FROM articles_webhookdelivery)
             + (SELECT COUNT(*) FROM django_tasks_database_dbtaskresult)
    """,
}


def audit(database: TargetDatabase) -> tuple[list[str], dict[str, int]]:
    """The source ids of the stories in the database, and the count of rows
    breaking each rule (partial stories, then orphans)."""
    connection = database.connect()
    try:
        types = dict(
            connection.execute(
                "SELECT model, id FROM django_content_type WHERE app_label = 'articles'"
            ).fetchall()
        )
        source_ids = [
            source_id
            for (source_id,) in connection.execute(
                "SELECT source_id FROM articles_article"
            ).fetchall()
        ]
        broken = {}
        for name, sql in {**STORY_RULES, **ORPHAN_RULES}.items():
            query = sql.format(article=types["article"], credit=types["credit"])
            broken[name] = connection.execute(query).fetchone()[0]
        versions = connection.execute(
            "SELECT COUNT(*) FROM articles_contentversion"
        ).fetchone()[0]
        broken["content version missing"] = int(bool(source_ids) and versions != 1)
        return source_ids, broken
    finally:
        connection.close()
