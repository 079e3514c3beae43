"""The portal's writes: signing in, and the candidate's own changes. Each change is written by the
service of the app that owns the data (candidates, compliance, privacy), then recorded as a
`portal.*` audit event on the candidate (ids and field names only), which is what the recruiter's
timeline shows, and the owner is told of the changes that matter."""
