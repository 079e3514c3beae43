"""The portal's writes, one module per area (STYLE.md): signing in, applying on the careers site,
and the candidate's own changes. Each change is written by the service of the app that owns the data
(candidates, vacancies, compliance, privacy), then recorded as a `portal.*` audit event on the
candidate (ids and field names only), which is what the recruiter's timeline shows, and the owner is
told of the changes that matter."""
