"""A covering index for the case list's total row: a township's count and area from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_excluded_periods")]

    operations = [
        migrations.AddIndex(
            model_name="violationcase",
            index=models.Index(fields=["village"], include=("id", "area_m2"), name="case_list_village_area_idx"),
        ),
    ]
