"""Media in an S3-compatible bucket: uploads, imports and renditions go through
the storage API to a real S3 server over HTTP (moto's server on 127.0.0.1),
the bucket stays private, and /readyz says when the bucket is not there."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as PILImage

from articles.models import Image, Rendition
from cms.backends import s3_media_storage
from tests.helpers.admin import upload_cp_photo
from tests.helpers.corpus import CP_PHOTO
from tests.helpers.images import stored_files
from tests.helpers.servers import KEYS, REGION, free_port

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "newsroom"  # AWS_LOCATION: the app's keys all start with it


@pytest.fixture(scope="module")
def s3(s3_endpoint):
    """A client of our own, to look into the bucket behind the app's back."""
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **KEYS)


@pytest.fixture
def bucket(s3) -> str:
    name = f"newsroom-media-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_environment(monkeypatch, s3_endpoint):
    """The variables production sets, read by the settings' own function."""
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("AWS_S3_REGION_NAME", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEYS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", KEYS["aws_secret_access_key"])
    monkeypatch.setenv("AWS_LOCATION", PREFIX)


@pytest.fixture
def bucket_media(settings, s3_environment, bucket) -> str:
    """Media storage in `bucket`, as AWS_STORAGE_BUCKET_NAME would select it."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage(bucket)}
    return bucket


def keys_in(s3, bucket: str) -> list[str]:
    listed = s3.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def original_key(image: Image) -> str:
    return f"{PREFIX}/images/{image.sha256[:2]}/{image.sha256}.jpg"


def test_an_editors_upload_is_stored_in_the_private_bucket(
    admin_client, bucket_media, s3, media_root
):
    response = upload_cp_photo(admin_client)

    assert response.status_code == 200
    image = Image.objects.get()
    assert keys_in(s3, bucket_media) == [original_key(image)]
    stored = s3.get_object(Bucket=bucket_media, Key=original_key(image))
    assert stored["Body"].read() == CP_PHOTO.read_bytes()
    assert stored["ContentType"] == "image/jpeg"
    # No grant to anyone but the owner: readers get renditions, through us.
    acl = s3.get_object_acl(Bucket=bucket_media, Key=original_key(image))
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["Type"] == "CanonicalUser"
    # The metadata was read back from the stored file.
    assert image.credit_line == "Paul Chiasson/CP"
    assert stored_files(media_root) == []
    # The admin's link to the original is signed and expires.
    assert image.file.url.startswith(
        f"{os.environ['AWS_S3_ENDPOINT_URL']}/{bucket_media}/{original_key(image)}?"
    )
    assert "X-Amz-Signature=" in image.file.url
    assert "X-Amz-Expires=3600" in image.file.url


def test_the_photo_importer_stores_in_the_bucket(bucket_media, s3, db):
    call_command("import_images", str(CP_PHOTO), verbosity=0)

    image = Image.objects.get()
    assert image.original_filename == "cp.jpg"
    assert keys_in(s3, bucket_media) == [original_key(image)]


def test_renditions_are_made_from_the_bucket_stored_there_and_served_from_it(
    client, admin_client, bucket_media, s3, published_article
):
    upload_cp_photo(admin_client)
    image = Image.objects.get(file__startswith="images/")
    published_article.lead_image = image
    published_article.save()
    lead = client.get(f"/api/v1/articles/{published_article.slug}/").json()[
        "lead_image"
    ]
    card = next(
        r for r in lead["srcset"] if (r["spec"], r["format"]) == ("card", "jpeg")
    )

    first = client.get(card["url"])

    assert first.status_code == 200
    assert first["Content-Type"] == "image/jpeg"
    body = b"".join(first.streaming_content)
    with PILImage.open(io.BytesIO(body)) as picture:
        assert (picture.format, picture.size) == (
            "JPEG",
            (card["width"], card["height"]),
        )
    rendition = Rendition.objects.get()
    rendition_key = f"{PREFIX}/{rendition.file.name}"
    assert rendition.file.name.startswith(f"renditions/{image.sha256[:2]}/")
    assert keys_in(s3, bucket_media) == sorted([original_key(image), rendition_key])
    assert s3.get_object(Bucket=bucket_media, Key=rendition_key)["Body"].read() == body

    # Without the original, only the stored rendition can answer.
    s3.delete_object(Bucket=bucket_media, Key=original_key(image))
    second = client.get(card["url"])

    assert second.status_code == 200
    assert b"".join(second.streaming_content) == body
    assert Rendition.objects.count() == 1


def test_readyz_reports_the_bucket_ok(client, db, bucket_media):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == "ok"


def test_readyz_is_503_naming_a_bucket_that_does_not_exist(
    client, db, settings, s3_environment
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_media_storage("no-such-newsroom-bucket"),
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == (
        "failed: NoSuchBucket: An error occurred (NoSuchBucket) when calling the "
        "ListObjects operation: The specified bucket does not exist"
    )


def test_readyz_is_503_soon_when_the_service_is_unreachable(
    client, db, settings, s3_environment, monkeypatch
):
    closed = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", closed)
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage("media")}

    started = time.monotonic()
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == (
        "failed: EndpointConnectionError: Could not connect to the endpoint URL: "
        f'"{closed}/media?delimiter=%2F&prefix=newsroom%2F&encoding-type=url"'
    )
    assert time.monotonic() - started < 10


def test_files_are_never_overwritten_so_a_racing_rendition_keeps_the_winners(
    bucket_media, s3
):
    # Two requests making the same rendition at once both store it; the one
    # whose row loses deletes its own copy, which must not be the kept one.
    name = "renditions/ab/version/card.jpg"
    kept = default_storage.save(name, io.BytesIO(b"winner"))
    lost = default_storage.save(name, io.BytesIO(b"loser"))
    default_storage.delete(lost)

    assert kept == name and lost != name
    assert keys_in(s3, bucket_media) == [f"{PREFIX}/{name}"]
    assert default_storage.open(kept).read() == b"winner"


# Settings: the environment alone selects the bucket ---------------------------

PRINT_STORAGES = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default = dict(settings.STORAGES["default"])
options = dict(default.pop("OPTIONS", {}))
config = options.pop("client_config", None)
storage = storages["default"]
print(json.dumps({
    **default,
    "OPTIONS": options,
    "addressing_style": config and config.s3["addressing_style"],
    "timeouts": config and [config.connect_timeout, config.read_timeout],
    "storage": [type(storage).__name__, storage.bucket_name, storage.location]
    if options else type(storage).__name__,
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def evaluate_settings(**variables: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings", **variables)
    done = subprocess.run(
        [sys.executable, "-c", PRINT_STORAGES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_bucket_in_the_environment_selects_s3_storage(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t-from-a-file\n")

    evaluated = evaluate_settings(
        DEBUG="false",
        SECRET_KEY="settings-test-only",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.eu-central-1.example.net",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="AKIANEWSROOM",
        AWS_SECRET_ACCESS_KEY_FILE=str(secret),
        AWS_S3_CUSTOM_DOMAIN="media.news.example.com",
        AWS_LOCATION="/cms/",
        AWS_S3_ADDRESSING_STYLE="path",
    )

    assert evaluated == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "newsroom-media",
            "endpoint_url": "https://s3.eu-central-1.example.net",
            "region_name": "eu-central-1",
            "access_key": "AKIANEWSROOM",
            "secret_key": "s3cr3t-from-a-file",
            "location": "cms",
            "custom_domain": "media.news.example.com",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
        "addressing_style": "path",
        "timeouts": [5, 30],
        "storage": ["S3Storage", "newsroom-media", "cms"],
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }


def test_without_a_bucket_media_stays_on_disk():
    evaluated = evaluate_settings()

    assert evaluated == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {},
        "addressing_style": None,
        "timeouts": None,
        "storage": "FileSystemStorage",
        "staticfiles": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"AWS_ACCESS_KEY_ID": "AKIANEWSROOM"},
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together "
            "(or neither, to use the machine's own AWS credentials).",
        ),
        (
            {"AWS_S3_ENDPOINT_URL": "minio:9000"},
            "AWS_S3_ENDPOINT_URL must start with http:// or https://, "
            "not 'minio:9000'.",
        ),
        (
            {"AWS_S3_ADDRESSING_STYLE": "subdomain"},
            "AWS_S3_ADDRESSING_STYLE must be auto, path or virtual, not 'subdomain'.",
        ),
    ],
)
def test_bad_s3_settings_are_named(monkeypatch, variables, message):
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured) as error:
        s3_media_storage("newsroom-media")

    assert str(error.value) == message
