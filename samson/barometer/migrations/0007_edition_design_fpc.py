"""An edition's finite population correction (the organisation list's count of
municipalities per stratum) and its weighting method: post-stratify to the frame's cells or
rake to its margins (docs/barometer.md, "Design")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("barometer", "0006_edition_design"),
    ]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="design_fpc",
            field=models.BooleanField(default=False, verbose_name="finite population correction"),
        ),
        migrations.AddField(
            model_name="edition",
            name="weighting_method",
            field=models.CharField(
                choices=[
                    ("poststratify", "post-stratify to the frame's cells"),
                    ("rake", "rake to the margins of the frame's variables"),
                ],
                default="poststratify",
                max_length=12,
                verbose_name="weighting method",
            ),
        ),
    ]
