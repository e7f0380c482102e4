from __future__ import annotations

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def rendition_settings(app_configs, **kwargs) -> list[Error]:
    """Catch a malformed CMS_RENDITIONS at start-up, not on the first photo."""
    from articles.imaging.specs import get_specs

    try:
        get_specs()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="articles.E001")]
    return []
