"""Settings of a worker process that a test starts (and kills): the test settings, on the
test's database, sending to the test's SMTP server."""

import os

from samson.config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["SAMSON_TEST_SMTP_PORT"])
EMAIL_TIMEOUT = 30
