"""Where data lives, for cms/settings.py: DATABASES (the primary from
DATABASE_URL, read replicas from DATABASE_REPLICA_URLS, prepared statements
on PostgreSQL), CACHES (Redis or each process's memory) and STORAGES (media
on the file system or in an S3-compatible bucket, static files hashed and
compressed by WhiteNoise when DEBUG is off)."""

from __future__ import annotations

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cms.env import envsecret


def databases(
    primary_url: str,
    replica_urls: list[str],
    *,
    conn_max_age: int,
    prepared_statements: bool,
) -> dict[str, dict]:
    primary = dj_database_url.parse(
        primary_url,
        # Persistent connections: opening one per request costs more than
        # most API responses take to build.
        conn_max_age=conn_max_age,
        conn_health_checks=True,
    )
    found = {"default": primary}
    for number, url in enumerate(replica_urls, start=1):
        found[replica_alias(number)] = replica(number, url, primary)
    if prepared_statements:
        for database in found.values():
            if "postgresql" in database["ENGINE"]:
                database.setdefault("OPTIONS", {}).update(
                    server_side_binding=True, prepare_threshold=2
                )
    return found


def replica_alias(number: int) -> str:
    """The alias of the Nth URL in DATABASE_REPLICA_URLS (from 1)."""
    return f"replica{number}"


def replica(number: int, url: str, primary: dict) -> dict:
    """The Nth replica's settings, named by position in errors: the URL
    holds a password."""
    try:
        found = dj_database_url.parse(
            url, conn_max_age=primary["CONN_MAX_AGE"], conn_health_checks=True
        )
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URLS: URL {number} is not a database URL ({error})"
        ) from None
    if found["ENGINE"] != primary["ENGINE"]:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URLS: URL {number} is {found['ENGINE']}, but "
            f"DATABASE_URL is {primary['ENGINE']}; a replica is a copy "
            "of the primary."
        )
    if "postgresql" in found["ENGINE"]:
        # A replica that does not answer is left out (cms/db_routing.py)
        # after this many seconds, not after the operating system gives up.
        found.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # A test run has no replica of its test database: the alias mirrors it.
    found["TEST"] = {"MIRROR": "default"}
    return found


def caches(redis_url: str, key_prefix: str) -> dict[str, dict]:
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": key_prefix,
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }


def storages(*, bucket: str, debug: bool) -> dict[str, dict]:
    return {
        "default": (
            s3_media_storage(bucket)
            if bucket
            # No location: it follows MEDIA_ROOT, also when a test changes it.
            else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        ),
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            if debug
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }


def s3_media_storage(bucket: str) -> dict:
    """Media in an S3-compatible bucket, kept private: originals carry the
    photographer's metadata (GPS position included) and readers get
    renditions only, through /renditions/..., after the visibility check."""
    from botocore.config import Config

    access_key = envsecret("AWS_ACCESS_KEY_ID")
    secret_key = envsecret("AWS_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together "
            "(or neither, to use the machine's own AWS credentials)."
        )
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip()
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"AWS_S3_ENDPOINT_URL must start with http:// or https://, not {endpoint!r}."
        )
    addressing = os.environ.get("AWS_S3_ADDRESSING_STYLE", "").strip() or None
    if addressing not in {None, "auto", "path", "virtual"}:
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE must be auto, path or virtual, not {addressing!r}."
        )
    given = {
        "endpoint_url": endpoint,
        "region_name": os.environ.get("AWS_S3_REGION_NAME", "").strip(),
        "access_key": access_key,
        "secret_key": secret_key,
        # Key prefix, for a bucket shared with other data.
        "location": os.environ.get("AWS_LOCATION", "").strip().strip("/"),
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip(),
    }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Unset: boto3's own credential chain, the service's region.
            **{name: value for name, value in given.items() if value},
            # No ACL on objects: the (private) bucket's policy decides. Links
            # to an original (the admin's "Currently") are signed and expire.
            "default_acl": None,
            "querystring_auth": True,
            # Names are content hashes, so an existing name is never replaced:
            # a rendition two requests made at once is stored under two names,
            # and the loser deletes its own copy, not the one kept.
            "file_overwrite": False,
            # Fail fast when the service is unreachable: a sync worker waiting
            # a minute per try would stall every request behind it.
            "client_config": Config(
                s3={"addressing_style": addressing},
                # Signed links with SigV4, which every region accepts (boto3
                # would otherwise sign some with the retired SigV2).
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=30,
                retries={"mode": "standard", "max_attempts": 3},
            ),
        },
    }
