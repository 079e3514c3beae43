"""Compliance and vetting (issue 6): right-to-work, DBS and reference checks, work-history gaps,
Conduct Regs reg 22 notes, expiry follow-ups and evidence purges — and the compliance status of a
candidate against a set of requirements, which the placement gate asks for.

Map of the app:

* `rules.py` — the UK rules as pure functions, each naming the rule; periods from settings.
* `requirements.py` — `Requirements`, the value a vacancy's `required_checks` becomes (compliance
  never imports vacancies), `RequirementStatus`, and the two hooks vacancies registers in its
  AppConfig.ready: the requirements resolver (for `/compliance/status/?vacancy=`) and the list of a
  candidate's vacancies (for the DBS form).
* `selectors/` — reads, one area a file: `status.py` (a candidate's status against requirements in a
  fixed number of queries: `vetting_get_many`, `requirement_status_list_many`, `requirement_unmet_list`),
  `records.py` (the vetting page's records, the reg 22 notes a client sees, `rtw_warning_list`),
  `tasks.py` (the "Compliance due" list).
* `services/` — writes, one area a file: `rtw.py`, `dbs.py`, `history.py` (references, gaps, reg 22
  notes, end of employment) record checks (never editing them; `recording.py` holds what they share),
  `jobs.py` the follow-up and purge jobs, `evidence.py` evidence files.
* `seams.py` — the seam: how compliance's rows follow a merged candidate (registered in `ready()`).
* `querysets.py` — visibility: the candidate's team; DBS rows only with `compliance.view_dbs_data`.
"""
