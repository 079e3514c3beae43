"""Compliance's share of each role (core.roles collects it). Admins get every permission.

Recruiters and managers run right-to-work and reference checks; only the compliance role carries
`view_dbs_data` (Police Act 1997: criminal-record data on a need-to-know basis).
"""

_VETTING = [
    "compliance.view_righttoworkcheck",
    "compliance.add_righttoworkcheck",
    "compliance.view_referencecheck",
    "compliance.add_referencecheck",
    # Issue 18: asking a referee by email (the answer becomes a reference check).
    "compliance.view_referencerequest",
    "compliance.add_referencerequest",
    "compliance.view_identitycheck",
    "compliance.add_identitycheck",
    "compliance.view_gapexplanation",
    "compliance.add_gapexplanation",
    "compliance.view_vettingnote",
    "compliance.add_vettingnote",
    "compliance.view_employmentend",
    "compliance.add_employmentend",
    "compliance.view_compliancetask",
    "compliance.change_compliancetask",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "recruiter": _VETTING,
    "manager": _VETTING,
    "compliance": [
        *_VETTING,
        "compliance.view_dbs_data",
        # Four eyes: compliance officers verify checks a recruiter recorded for her own candidate.
        "compliance.verify_check",
        "compliance.view_dbscheck",
        "compliance.add_dbscheck",
        "compliance.view_dbsstatuscheck",
        "compliance.add_dbsstatuscheck",
    ],
}
