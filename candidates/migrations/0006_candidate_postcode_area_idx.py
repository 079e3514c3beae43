# Concurrently, so adding it to a live table of a million candidates blocks no writes (issue 10).

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

import candidates.querysets


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("candidates", "0005_candidateskill_drop_redundant_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="candidate",
            index=models.Index(
                candidates.querysets.PostcodeArea("postcode_key"),
                models.F("team"),
                condition=models.Q(("is_anonymised", False), ("merged_into__isnull", True)),
                name="candidates_cand_pcarea_idx",
            ),
        ),
    ]
