-- Up Migration

-- The job tracker's per-unit state: one row per job, unit and stage it has seen, so folding
-- `ingest.jobs` again (a redelivery, a replay) lands on the same rows.
--   stage 'planned'  from JobStarted          stage 'validate' from UnitValidated
--   stage 'fetch'    from UnitFetched/Failed  stage 'store'    from UnitStored
CREATE TABLE job_unit (
  job_id      uuid NOT NULL REFERENCES job_run (job_id) ON DELETE CASCADE,
  unit_id     text NOT NULL,
  stage       text NOT NULL CHECK (stage IN ('planned', 'fetch', 'validate', 'store')),
  asset_id    text NOT NULL,
  status      text NOT NULL,
  bars        integer NOT NULL DEFAULT 0,
  flagged     integer NOT NULL DEFAULT 0,
  rejected    integer NOT NULL DEFAULT 0,
  rows        integer NOT NULL DEFAULT 0,
  attempts    integer NOT NULL DEFAULT 0,
  error_code  text,
  error       text,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (job_id, unit_id, stage)
);

-- The status an alert was last sent for, so a redelivered event never alerts twice; and whether
-- the job was declared stalled (no progress for the configured time).
ALTER TABLE job_run
  ADD COLUMN alerted_status text,
  ADD COLUMN stalled boolean NOT NULL DEFAULT false;

-- Down Migration

ALTER TABLE job_run DROP COLUMN stalled, DROP COLUMN alerted_status;
DROP TABLE job_unit;
