-- Removes earlier runs' ready-to-advance episodes (bench/seed-ready.sql) and everything recorded on them, so that
-- every run measures the same database: the seeded episodes and one fresh batch. Without it each run left its
-- 200,000 behind, and the "1,000,000-episode" database had grown to 1,600,000 by the third run of a session,
-- its working set no longer fitting shared buffers (bench/NOTES.md, fourth session).
-- The bench's own rows only, in the bench's own database: the replica role turns off, for this session, the
-- append-only triggers that keep clinical records from being deleted, and the foreign keys' checks.
--   psql -f bench/remove-ready.sql
\set ON_ERROR_STOP on
SET session_replication_role = replica;

CREATE TEMP TABLE old_ready AS
SELECT e.id AS episode_id, e.patient_id FROM episodes e JOIN patients p ON p.id = e.patient_id
WHERE p.external_ref LIKE 'BENCH-READY-%';

DELETE FROM webhook_deliveries WHERE event_id IN (SELECT id FROM events WHERE episode_id IN (SELECT episode_id FROM old_ready));
DELETE FROM events WHERE episode_id IN (SELECT episode_id FROM old_ready);
DELETE FROM pain_report_resolutions WHERE episode_id IN (SELECT episode_id FROM old_ready);
DELETE FROM transitions WHERE episode_id IN (SELECT episode_id FROM old_ready);
DELETE FROM clearances WHERE episode_id IN (SELECT episode_id FROM old_ready);
DELETE FROM observations WHERE episode_id IN (SELECT episode_id FROM old_ready);
DELETE FROM imaging_studies WHERE episode_id IN (SELECT episode_id FROM old_ready);
DELETE FROM symptom_reports WHERE episode_id IN (SELECT episode_id FROM old_ready);
DELETE FROM walk_run_sessions WHERE episode_id IN (SELECT episode_id FROM old_ready);
DELETE FROM bone_health_assessments WHERE episode_id IN (SELECT episode_id FROM old_ready);
DELETE FROM episodes WHERE id IN (SELECT episode_id FROM old_ready);
DELETE FROM patients WHERE id IN (SELECT patient_id FROM old_ready);

-- The space goes back to the tables before the next batch is inserted into them. The episodes table, which the read
-- and gate scenarios measure, is rewritten whole with its indexes: each batch's row versions (its advances) and
-- random ids split index pages all over, and a plain VACUUM leaves the table and its indexes at their largest, so
-- the 1M database grew run by run (218 to 313 MB of table) and its scaling drifted with it (bench/NOTES.md, sixth session).
VACUUM (FULL, ANALYZE) episodes;
VACUUM (ANALYZE) patients, transitions, clearances, events;
