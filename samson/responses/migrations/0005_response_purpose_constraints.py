"""A round's answer always has its round (after 0004 has set the purposes).

A separate migration, so PostgreSQL alters the table in a transaction of its own, after the
updates of 0004 have been committed.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0004_response_purpose"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="response",
            constraint=models.CheckConstraint(
                condition=models.Q(("purpose", "runde"), _negated=True)
                | models.Q(("round__isnull", False)),
                name="response_round_purpose_has_a_round",
            ),
        ),
    ]
