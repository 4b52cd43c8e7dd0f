"""An edition's design as the survey was run: primary sampling units (by default the
municipality), strata, the interval method for shares and the weighting's cell-collapsing
threshold (docs/barometer.md, "Design")."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("barometer", "0005_innovation_test_answers_queued"),
    ]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="design_cluster",
            field=models.CharField(
                blank=True,
                default="kommunenr",
                max_length=40,
                verbose_name="primary sampling units",
            ),
        ),
        migrations.AddField(
            model_name="edition",
            name="design_strata",
            field=models.CharField(blank=True, default="", max_length=40, verbose_name="strata"),
        ),
        migrations.AddField(
            model_name="edition",
            name="interval_method",
            field=models.CharField(
                choices=[
                    ("logit", "logit (stays within 0–100 %)"),
                    ("beta", "Korn–Graubard beta (stays within 0–100 %)"),
                    ("wald-t", "Wald with the design's t quantile"),
                    ("wald", "Wald with the normal quantile"),
                ],
                default="logit",
                max_length=10,
                verbose_name="interval for shares",
            ),
        ),
        migrations.AddField(
            model_name="edition",
            name="collapse_below",
            field=models.PositiveSmallIntegerField(
                default=5,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(100),
                ],
                verbose_name="fewest respondents in a weighting cell",
            ),
        ),
    ]
