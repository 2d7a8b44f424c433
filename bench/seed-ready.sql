-- Adds :ready episodes for the advance scenario (bench/run.sh runs it before every run, because each
-- advance uses one up): non-weight-bearing for 35-60 days (4 weeks planned), with a therapist's
-- no-pain-at-rest clearance after their phase entry, so each one passes its gate exactly once.
--   psql -v ready=N -v batch=NAME -f bench/seed-ready.sql     (patients are 'BENCH-READY-<batch>-<j>')
\set ON_ERROR_STOP on
SET synchronous_commit = off;

SELECT id AS clinic FROM clinics WHERE slug = 'default' \gset

CREATE TEMP TABLE ready_plan AS
SELECT j, gen_random_uuid() AS patient_id, gen_random_uuid() AS episode_id,
       current_date - (35 + j % 25) AS nwb_since
FROM generate_series(1, :ready) AS j;

INSERT INTO patients (id, clinic_id, external_ref, sex, birth_year, created_at)
SELECT patient_id, :'clinic', 'BENCH-READY-' || :'batch' || '-' || j, 'female', 1980 + j % 30, nwb_since::timestamptz
FROM ready_plan;

INSERT INTO episodes (id, clinic_id, patient_id, site, side, diagnosed_on, non_weight_bearing_since,
  planned_non_weight_bearing_weeks, injury_on, displaced, neck_width_percent, mri_grade, risk_factors, phase, status,
  hold_reason, hold_since, phase_entered_at, last_transition_at, protocol_key, protocol_version, version,
  created_at, updated_at, evidence_version, evidence_effective_by)
SELECT episode_id, :'clinic', patient_id, 'pubic-ramus', 'left', nwb_since, nwb_since, 4, nwb_since, false, NULL, 2,
       ARRAY[]::text[], 'non-weight-bearing', 'active', NULL, NULL, nwb_since::timestamptz, nwb_since::timestamptz,
       'hip-bsi', 1, 1, nwb_since::timestamptz, nwb_since::timestamptz, 1, now() - interval '1 hour'
FROM ready_plan;

INSERT INTO transitions (id, action, from_phase, to_phase, from_status, to_status, reason,
  recorded_by_caller_name, recorded_by_caller_role, recorded_by_clinician_id, recorded_by_clinician_name,
  recorded_by_clinician_role, recorded_by_key_id, clinic_id, episode_id, phase, effective_at, recorded_at,
  protocol_key, protocol_version, note)
SELECT gen_random_uuid(), 'create', NULL, 'non-weight-bearing', NULL, 'active', NULL, 'Bench EHR', 'clinic-system',
       'dr-1', 'Dr Ada Bone', 'physician', NULL, :'clinic', episode_id, 'non-weight-bearing',
       nwb_since::timestamptz, nwb_since::timestamptz, 'hip-bsi', 1, NULL
FROM ready_plan;

-- The episodes already count this clearance (evidence_version 1, effective an hour ago). The replica role skips the
-- trigger that would count it again with an UPDATE of each new row: 200,000 row versions and index entries per run
-- that would only bloat the episodes table the read and gate scenarios measure.
SET session_replication_role = replica;
INSERT INTO clearances (id, type, recorded_by_caller_name, recorded_by_caller_role, recorded_by_clinician_id,
  recorded_by_clinician_name, recorded_by_clinician_role, recorded_by_key_id, clinic_id, episode_id, phase,
  effective_at, recorded_at, protocol_key, protocol_version, note)
SELECT gen_random_uuid(), 'no-pain-at-rest', 'Bench EHR', 'clinic-system', 'pt-1', 'Sam Stride', 'therapist', NULL,
       :'clinic', episode_id, 'non-weight-bearing', now() - interval '1 hour', now() - interval '1 hour',
       'hip-bsi', 1, NULL
FROM ready_plan;
