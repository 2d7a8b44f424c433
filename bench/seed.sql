-- Seeds the benchmark database (run by bench/run.sh after `RehabApi migrate`):
--   psql -v episodes=N -f bench/seed.sql          (seed-ready.sql adds episodes for the advance scenario)
-- All rows belong to the default clinic. Everything is INSERT ... SELECT generate_series, so 1,000,000
-- episodes take a few minutes. History tables are append-only (triggers refuse UPDATE/DELETE), which
-- INSERT does not touch. The events table is not seeded: no scenario reads it.
--
-- What it makes:
--   * :episodes patients, each with one episode in a realistic phase (weighted towards the early
--     phases), its 'create' and 'advance' transitions, one clearance per gate already passed, and two
--     fracture-site-pain observations in the current phase; 3% of the active ones are on hold.
--   * 'bench-evidence-10': partial-weight-bearing with 10 evidence rows in the current phase;
--     'bench-evidence-2000': partial-weight-bearing with 2,000 evidence rows in the current phase
--     (the worst case: the gate reads evidence from the latest phase entry on);
--     'bench-evidence-2000-history': strengthening, 2,000 evidence rows of which 1,990 are from
--     earlier phases and 10 from the current one (the usual shape of a long episode).
\set ON_ERROR_STOP on
\timing off
SET synchronous_commit = off;   -- seeding only; the benchmark itself runs with synchronous_commit on
-- The replica role skips the triggers that count each piece of evidence on its episode (migration EvidenceVersion):
-- one UPDATE of the episode per evidence row would take hours for a million episodes and bloat the table. The
-- counts are set in one pass at the end instead. (It skips the foreign keys' checks too; these rows are consistent.)
SET session_replication_role = replica;

SELECT id AS clinic FROM clinics WHERE slug = 'default' \gset

-- The phases in order, with the day (from non-weight-bearing start) each is typically entered,
-- and the share of episodes currently in it.
CREATE TEMP TABLE phase_plan (k int PRIMARY KEY, code text, start_day int, days int, share_to int);
INSERT INTO phase_plan VALUES
  (0, 'non-weight-bearing',      0, 42,  20),
  (1, 'imaging-confirmation',   42,  7,  30),
  (2, 'partial-weight-bearing', 49, 14,  45),
  (3, 'full-weight-bearing',    63, 14,  60),
  (4, 'mobility',               77,  7,  70),
  (5, 'strengthening',          84, 21,  85),
  (6, 'return-to-impact',      105, 42,  95),
  (7, 'discharged',            147, 60, 100);
-- The clearance whose gate leaves phase k (one per passed gate).
CREATE TEMP TABLE gate_clearance (k int PRIMARY KEY, type text, role text);
INSERT INTO gate_clearance VALUES
  (0, 'no-pain-at-rest', 'therapist'), (1, 'partial-weight-bearing-approved', 'physician'),
  (2, 'full-weight-bearing-approved', 'physician'), (3, 'normal-gait', 'therapist'),
  (4, 'full-pain-free-range-of-motion', 'therapist'), (5, 'ready-to-run-tests-passed', 'therapist'),
  (6, 'discharge-approved', 'physician');

-- One row per episode to make: i, its ids, phase index and dates.
CREATE UNLOGGED TABLE bench_plan AS
SELECT i,
       gen_random_uuid() AS patient_id,
       gen_random_uuid() AS episode_id,
       p.k, p.code AS phase,
       (ARRAY['pubic-ramus','femoral-neck-compression','sacrum','femoral-shaft','acetabulum','femoral-head','other'])[1 + i % 7] AS site,
       (ARRAY['left','right','left','right','bilateral'])[1 + i % 5] AS side,
       CASE WHEN i % 7 IN (1, 2, 5) THEN 6 ELSE 4 END AS weeks,
       (current_date - (p.start_day + ((i::bigint * 7919) % p.days)::int) - 2) AS nwb_since,
       'regular'::text AS kind
FROM generate_series(1, :episodes) AS i
JOIN phase_plan p ON p.k = (SELECT min(k) FROM phase_plan WHERE share_to > (i * 37) % 100);

INSERT INTO bench_plan VALUES
  (:episodes + 1, gen_random_uuid(), gen_random_uuid(), 2, 'partial-weight-bearing', 'pubic-ramus', 'left', 4, current_date - 60, 'evidence-10'),
  (:episodes + 2, gen_random_uuid(), gen_random_uuid(), 2, 'partial-weight-bearing', 'pubic-ramus', 'left', 4, current_date - 60, 'evidence-2000'),
  (:episodes + 3, gen_random_uuid(), gen_random_uuid(), 5, 'strengthening', 'pubic-ramus', 'left', 4, current_date - 100, 'evidence-2000-history');
ALTER TABLE bench_plan ADD PRIMARY KEY (i);

INSERT INTO patients (id, clinic_id, external_ref, sex, birth_year, created_at)
SELECT patient_id, :'clinic', CASE WHEN kind = 'regular' THEN 'BENCH-' || i ELSE 'BENCH-' || kind END, (ARRAY['female','male','female','other'])[1 + i % 4],
       1950 + (i % 55), nwb_since::timestamptz
FROM bench_plan;

-- Entry time of phase j for an episode: its non-weight-bearing start plus the phase's typical start day.
CREATE FUNCTION pg_temp.entered(nwb date, j int) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS
$$ SELECT (nwb + (ARRAY[0, 42, 49, 63, 77, 84, 105, 147])[j + 1])::timestamp AT TIME ZONE 'UTC' + interval '9 hours' $$;

INSERT INTO episodes (id, clinic_id, patient_id, site, side, diagnosed_on, non_weight_bearing_since,
  planned_non_weight_bearing_weeks, injury_on, displaced, neck_width_percent, mri_grade, risk_factors, phase, status,
  hold_reason, hold_since, phase_entered_at, last_transition_at, protocol_key, protocol_version, version,
  created_at, updated_at)
SELECT episode_id, :'clinic', patient_id, site, side, nwb_since, nwb_since, weeks, nwb_since, false,
       CASE WHEN site LIKE 'femoral-neck%' THEN 20 END, 1 + i % 4,
       CASE WHEN i % 10 = 0 THEN ARRAY['low-energy-availability'] ELSE ARRAY[]::text[] END,
       phase,
       CASE WHEN k = 7 THEN 'closed' WHEN kind = 'regular' AND i % 33 = 0 THEN 'on-hold' ELSE 'active' END,
       CASE WHEN k < 7 AND kind = 'regular' AND i % 33 = 0 THEN 'clinical-review' END,
       CASE WHEN k < 7 AND kind = 'regular' AND i % 33 = 0 THEN now() - interval '1 day' END,
       pg_temp.entered(nwb_since, k), pg_temp.entered(nwb_since, k),
       'hip-bsi', 1, 1 + k, nwb_since::timestamptz, pg_temp.entered(nwb_since, k)
FROM bench_plan;

-- Transitions: 'create' into non-weight-bearing, then one 'advance' per phase passed.
INSERT INTO transitions (id, action, from_phase, to_phase, from_status, to_status, reason,
  recorded_by_caller_name, recorded_by_caller_role, recorded_by_clinician_id, recorded_by_clinician_name,
  recorded_by_clinician_role, recorded_by_key_id, clinic_id, episode_id, phase, effective_at, recorded_at,
  protocol_key, protocol_version, note)
SELECT gen_random_uuid(),
       CASE WHEN j = 0 THEN 'create' ELSE 'advance' END,
       CASE WHEN j = 0 THEN NULL ELSE prev.code END, cur.code,
       CASE WHEN j = 0 THEN NULL ELSE 'active' END, CASE WHEN j = 7 THEN 'closed' ELSE 'active' END, NULL,
       'Bench EHR', 'clinic-system', 'dr-1', 'Dr Ada Bone', 'physician', NULL,
       :'clinic', b.episode_id, COALESCE(prev.code, cur.code),
       pg_temp.entered(b.nwb_since, j), pg_temp.entered(b.nwb_since, j), 'hip-bsi', 1, NULL
FROM bench_plan b
CROSS JOIN LATERAL generate_series(0, b.k) AS j
JOIN phase_plan cur ON cur.k = j
LEFT JOIN phase_plan prev ON prev.k = j - 1;

-- Clearances: one per gate passed, a day before the advance (in the phase it let the episode leave).
INSERT INTO clearances (id, type, recorded_by_caller_name, recorded_by_caller_role, recorded_by_clinician_id,
  recorded_by_clinician_name, recorded_by_clinician_role, recorded_by_key_id, clinic_id, episode_id, phase,
  effective_at, recorded_at, protocol_key, protocol_version, note)
SELECT gen_random_uuid(), g.type, 'Bench EHR', 'clinic-system',
       CASE g.role WHEN 'physician' THEN 'dr-1' ELSE 'pt-1' END,
       CASE g.role WHEN 'physician' THEN 'Dr Ada Bone' ELSE 'Sam Stride' END, g.role, NULL,
       :'clinic', b.episode_id, p.code, e.at, e.at, 'hip-bsi', 1, NULL
FROM bench_plan b
CROSS JOIN LATERAL generate_series(0, b.k - 1) AS j
JOIN gate_clearance g ON g.k = j
JOIN phase_plan p ON p.k = j
CROSS JOIN LATERAL (SELECT pg_temp.entered(b.nwb_since, j + 1) - interval '1 day' AS at) e;

-- Observations: two fracture-site-pain scores in the current phase of every regular episode.
INSERT INTO observations (id, code, value, unit, recorded_by_caller_name, recorded_by_caller_role,
  recorded_by_clinician_id, recorded_by_clinician_name, recorded_by_clinician_role, recorded_by_key_id,
  clinic_id, episode_id, phase, effective_at, recorded_at, protocol_key, protocol_version, note)
SELECT gen_random_uuid(), 'fracture-site-pain', (b.i + n) % 3, 'nrs', 'Bench EHR', 'clinic-system',
       'pt-1', 'Sam Stride', 'therapist', NULL, :'clinic', b.episode_id, b.phase,
       LEAST(pg_temp.entered(b.nwb_since, b.k) + n * interval '1 day', now() - interval '1 hour'),
       LEAST(pg_temp.entered(b.nwb_since, b.k) + n * interval '1 day', now() - interval '1 hour'),
       'hip-bsi', 1, NULL
FROM bench_plan b CROSS JOIN generate_series(1, 2) AS n
WHERE b.kind = 'regular';

-- The gate-cost episodes: evidence rows numbered n = 1..count, in the current phase unless 'history'
-- puts all but the last 10 before the phase entry. 4 in 5 are observations, 1 in 5 clearances.
CREATE TEMP TABLE heavy AS
SELECT b.episode_id, b.nwb_since, b.k, b.phase, n,
       CASE WHEN b.kind = 'evidence-2000-history' AND n <= 1990
            THEN pg_temp.entered(b.nwb_since, 0) + (n * interval '1 hour')
            ELSE pg_temp.entered(b.nwb_since, b.k) + (n * interval '1 minute') END AS at,
       CASE WHEN b.kind = 'evidence-2000-history' AND n <= 1990 THEN 'non-weight-bearing' ELSE b.phase END AS at_phase
FROM bench_plan b
CROSS JOIN LATERAL generate_series(1, CASE b.kind WHEN 'evidence-10' THEN 10 ELSE 2000 END) AS n
WHERE b.kind LIKE 'evidence-%';

INSERT INTO observations (id, code, value, unit, recorded_by_caller_name, recorded_by_caller_role,
  recorded_by_clinician_id, recorded_by_clinician_name, recorded_by_clinician_role, recorded_by_key_id,
  clinic_id, episode_id, phase, effective_at, recorded_at, protocol_key, protocol_version, note)
SELECT gen_random_uuid(), 'fracture-site-pain', n % 2, 'nrs', 'Bench EHR', 'clinic-system', 'pt-1',
       'Sam Stride', 'therapist', NULL, :'clinic', episode_id, at_phase, at, at, 'hip-bsi', 1, NULL
FROM heavy WHERE n % 5 <> 0;

INSERT INTO clearances (id, type, recorded_by_caller_name, recorded_by_caller_role, recorded_by_clinician_id,
  recorded_by_clinician_name, recorded_by_clinician_role, recorded_by_key_id, clinic_id, episode_id, phase,
  effective_at, recorded_at, protocol_key, protocol_version, note)
SELECT gen_random_uuid(), 'no-pain-at-rest', 'Bench EHR', 'clinic-system', 'pt-1', 'Sam Stride', 'therapist',
       NULL, :'clinic', episode_id, at_phase, at, at, 'hip-bsi', 1, NULL
FROM heavy WHERE n % 5 = 0;

-- Imaging showing healing for every episode past imaging confirmation.
INSERT INTO imaging_studies (id, modality, performed_on, finding, grade, recorded_by_caller_name,
  recorded_by_caller_role, recorded_by_clinician_id, recorded_by_clinician_name, recorded_by_clinician_role,
  recorded_by_key_id, clinic_id, episode_id, phase, effective_at, recorded_at, protocol_key, protocol_version, note)
SELECT gen_random_uuid(), 'mri', b.nwb_since + 44, 'healing', NULL, 'Bench EHR', 'clinic-system', 'dr-1',
       'Dr Ada Bone', 'physician', NULL, :'clinic', b.episode_id, 'imaging-confirmation',
       pg_temp.entered(b.nwb_since, 1) + interval '2 days', pg_temp.entered(b.nwb_since, 1) + interval '2 days',
       'hip-bsi', 1, NULL
FROM bench_plan b WHERE b.k >= 2;

-- What the skipped triggers would have counted: every piece of evidence of each episode, and the latest effective time.
UPDATE episodes e SET evidence_version = c.pieces, evidence_effective_by = c.latest
FROM (SELECT episode_id, count(*) AS pieces, max(effective_at) AS latest FROM (
        SELECT episode_id, effective_at FROM clearances
        UNION ALL SELECT episode_id, effective_at FROM observations
        UNION ALL SELECT episode_id, effective_at FROM imaging_studies) AS evidence
      GROUP BY episode_id) AS c
WHERE e.id = c.episode_id;

-- bench/run.sh finds the episodes again by their patients' external_ref ('BENCH-<i>', 'BENCH-evidence-10', ...).
-- (It rewrites the episodes table next, in remove-ready.sql, so the UPDATE above leaves no bloat behind.)
DROP TABLE bench_plan;
ANALYZE;
