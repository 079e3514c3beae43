"""Compliance and vetting (issue 6): right-to-work, DBS and reference checks, work-history gaps,
Conduct Regs reg 22 notes, expiry follow-ups and evidence purges — and the compliance status of a
candidate against a set of requirements, which the placement gate asks for.

Map of the app:

* `rules.py` — the UK rules as pure functions, each naming the rule; periods from settings.
* `requirements.py` — `Requirements`, the value a vacancy's `required_checks` becomes (compliance
  never imports vacancies), `RequirementStatus`, and the two hooks vacancies registers in its
  AppConfig.ready: the requirements resolver (for `/compliance/status/?vacancy=`) and the list of a
  candidate's vacancies (for the DBS form).
* `selectors.py` — statuses in a fixed number of queries (`vetting_for`, `statuses_for_candidates`,
  `unmet_requirements`), pages' reads, the "Compliance due" list.
* `services/` — recording checks (never editing them), follow-up and purge jobs, evidence files.
* `querysets.py` — visibility: the candidate's team; DBS rows only with `compliance.view_dbs_data`.
"""
