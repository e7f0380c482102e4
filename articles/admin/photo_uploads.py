"""What happens after a photo is uploaded, wherever in the admin it was:
empty fields and credits are filled in from the file's own metadata. The
rules are in articles/photos/uploads.py, shared with the write API."""

from __future__ import annotations

from articles.photos.uploads import FILLED_NOTICE, fill_from_file_metadata

__all__ = ["FILLED_NOTICE", "fill_from_file_metadata"]
