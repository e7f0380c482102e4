"""Settings for bench/api.py: the project's own, in production mode, plus a
bare view to measure the stack's ceiling on the same server."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
# wrk sends everything from one address: a throttle would measure itself.
os.environ.setdefault("CMS_API_THROTTLE_RATE", "off")

from cms.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
