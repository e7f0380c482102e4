from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from articles import checks  # noqa: F401  (they register themselves)
        from articles.publishing import receivers  # noqa: F401  (they register themselves)

        # Pillow's own decompression-bomb guard, at our limit: it refuses
        # images of more than twice this many pixels before decoding them.
        Image.MAX_IMAGE_PIXELS = settings.CMS_IMAGE_MAX_PIXELS
