"""The production settings as the page-weight test serves them: static files collected,
hashed and compressed by `collectstatic` (unlike `served_settings`), so the browser gets the
same bytes, encodings and cache headers as on a real server.

Two things differ from production: the test suite's fast password hasher is accepted, and the
site is served over plain HTTP on 127.0.0.1 (no TLS-terminating proxy in front), so the HTTPS
redirect is off (`DJANGO_SECURE_SSL_REDIRECT=false` in the test's environment).
"""

from samson.config.settings.production import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
