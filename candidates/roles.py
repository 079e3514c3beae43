"""Candidates' share of each role (core.roles collects it). Admins get every permission.

Diversity answers (special category, UK GDPR art. 9) can be recorded by recruiters from the
monitoring form but read by nobody below admin; managers see the aggregate report only.
"""

_RECORDS = [
    "candidates.view_candidate",
    "candidates.add_candidate",
    "candidates.change_candidate",
    "candidates.view_document",
    "candidates.add_document",
    "candidates.change_document",
    "candidates.delete_document",
    "candidates.view_consent",
    "candidates.add_consent",
    "candidates.change_consent",
    "candidates.view_workhistory",
    "candidates.view_qualification",
    "candidates.view_savedsearch",
    "candidates.add_savedsearch",
    "candidates.change_savedsearch",
    "candidates.delete_savedsearch",
    "candidates.view_importjob",
    "candidates.add_importjob",
    "candidates.add_diversityrecord",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "recruiter": _RECORDS,
    "manager": [*_RECORDS, "candidates.export_candidate", "candidates.view_diversity_report"],
    "compliance": [
        "candidates.view_candidate",
        "candidates.view_document",
        "candidates.view_consent",
        "candidates.view_workhistory",
        "candidates.view_qualification",
        "candidates.view_savedsearch",
        "candidates.add_savedsearch",
        "candidates.delete_savedsearch",
    ],
}
