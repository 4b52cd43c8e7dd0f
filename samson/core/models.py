"""The throttling counters, when no Redis holds them (samson.core.ratelimit)."""

from django.db import models


class ThrottleCount(models.Model):
    """How many attempts one key has used in its current window.

    The key names a limit and a salted hash (of a client's address, a user name, an e-mail
    address), never the address or the name itself. A row past `expires_at` counts as zero and
    is reused by the next attempt, or deleted by a later purge.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.IntegerField()
    # Seconds since the epoch: compared as a plain number by the one SQL statement that counts,
    # the same way on SQLite and PostgreSQL.
    expires_at = models.FloatField(db_index=True)

    def __str__(self) -> str:
        return self.key
