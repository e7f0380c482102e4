"""The write API's routes, mounted under /api/v1/manage/ (public_paths.MANAGE)
by articles/api/urls.py; a router of its own, so the public API's root lists
only the public resources."""

from rest_framework.routers import SimpleRouter

from articles.api.writing.views import ManagePhotoViewSet, ManageStoryViewSet

router = SimpleRouter()
router.register("manage/articles", ManageStoryViewSet, basename="manage-article")
router.register("manage/images", ManagePhotoViewSet, basename="manage-image")
urlpatterns = router.urls
