"""Importers: one parser per format turns its input into a `Story`, and one
writer (`articles.importers.writer.write_story`) saves it.

Only the database-free parts are re-exported here, so a parser can be used
without loading the models.
"""

from articles.importers.pages import parse_page, read_page
from articles.importers.story import CreditRef, ImageRef, Story, StoryError

__all__ = ["CreditRef", "ImageRef", "Story", "StoryError", "parse_page", "read_page"]
