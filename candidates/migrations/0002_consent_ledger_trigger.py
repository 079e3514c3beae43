"""The consent ledger is append-only in the database too (UK GDPR art. 7(1): show consent was given).

No DELETE. An UPDATE may only set `withdrawn_at` once (from empty) and move the row to the
survivor of a merge (`candidate_id`); every other column is fixed once written. Plain PL/pgSQL.
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION candidates_consent_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'candidates_consent is append-only: DELETE refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.purpose IS DISTINCT FROM OLD.purpose
       OR NEW.lawful_basis IS DISTINCT FROM OLD.lawful_basis
       OR NEW.vacancy_id IS DISTINCT FROM OLD.vacancy_id
       OR NEW.given_at IS DISTINCT FROM OLD.given_at
       OR NEW.method IS DISTINCT FROM OLD.method
       OR NEW.wording_version IS DISTINCT FROM OLD.wording_version
       OR NEW.recorded_at IS DISTINCT FROM OLD.recorded_at
       OR (OLD.withdrawn_at IS NOT NULL AND NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at) THEN
        RAISE EXCEPTION 'candidates_consent is append-only: only a withdrawal may be recorded'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER candidates_consent_append_only BEFORE UPDATE OR DELETE ON candidates_consent
    FOR EACH ROW EXECUTE FUNCTION candidates_consent_guard();
"""

REVERSE_SQL = """
DROP TRIGGER IF EXISTS candidates_consent_append_only ON candidates_consent;
DROP FUNCTION IF EXISTS candidates_consent_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("candidates", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
