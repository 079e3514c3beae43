# Concurrently, so adding it to a live table of a million candidates blocks no writes (issue 10).

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("candidates", "0006_candidate_postcode_area_idx"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="candidate",
            index=models.Index(
                fields=["id"],
                include=["team", "status", "right_to_work", "employment_types"],
                condition=models.Q(("is_anonymised", False), ("merged_into__isnull", True)),
                name="candidates_cand_match_idx",
            ),
        ),
    ]
