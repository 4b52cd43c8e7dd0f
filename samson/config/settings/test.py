"""The test suite: fast hashing, in-memory e-mail, same database rules as local."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# Serve static files straight from the build folder (no collectstatic outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Browser tests run a threaded live server with many participants at once. SQLite's in-memory
# test database uses a shared cache with table locks that no busy timeout waits for, so the
# test database is a file, in WAL mode like the real one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"samson-test-{os.getpid()}.sqlite3")
    }
# A replica configured in the environment is, in the tests, the test database itself under
# its other name: never a test database of its own (the router is tested against a real
# replica in samson/operations/tests/test_replica.py).
if "replica" in DATABASES:  # noqa: F405
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405

# Fieldwork tests start a real SMTP server on 127.0.0.1 and run the real database worker
# (samson.fieldwork.tests.conftest): nothing is sent until a test runs the worker. No
# back-off wait, so a retry is due at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SAMSON_FIELDWORK_BACKOFF_SECONDS = 0
SAMSON_SITE_URL = "http://testserver"
