"""The production settings as the two-process test serves them.

Two things differ: static files are served from the build folder instead of a collected,
hashed copy (which would take half a minute to make for every test run), and the test suite's
fast password hasher is accepted, so the users the tests made can log in.
"""

from samson.config.settings.production import *  # noqa: F403
from samson.config.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
