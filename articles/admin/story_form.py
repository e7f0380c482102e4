"""The story form laid out as a newsroom's: headline, standfirst and body in
a main column at a reading width, filing, the lead photo and publishing in
a side panel (the fieldsets marked `SIDE`, split by the change form's
template), the action buttons kept in view at the foot of the window, and
counts beside the text (the script: the headline against the length search
results show, the body's words and reading time)."""

from __future__ import annotations

SIDE = "story-side"
STORY_FORM_CSS = "articles/admin/story-form.css"
STORY_FORM_JS = "articles/admin/story-form.js"
