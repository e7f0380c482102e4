"""The write API under /api/v1/manage/: trusted systems holding an API token
(articles.models.api_tokens) create and edit stories, publish them and
upload photos, through the same model methods, role rules (articles.roles)
and checks as the admin."""
