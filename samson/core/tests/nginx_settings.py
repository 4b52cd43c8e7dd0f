"""The served production settings (samson.operations.tests.served_settings) with the Redis
cache's keys under a prefix of the test's own, so the test can find and remove them."""

import os

from samson.operations.tests.served_settings import *  # noqa: F403
from samson.operations.tests.served_settings import CACHES

CACHES["default"]["KEY_PREFIX"] = os.environ["SAMSON_TEST_CACHE_PREFIX"]
