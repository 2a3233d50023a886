-- Up Migration

-- `job_unit.bars` meant fetched bars on fetch rows and accepted bars on validate rows: one
-- column per meaning now. Each row keeps its count in the column of its stage.
ALTER TABLE job_unit
  ADD COLUMN bars_fetched integer NOT NULL DEFAULT 0,
  ADD COLUMN bars_accepted integer NOT NULL DEFAULT 0;
UPDATE job_unit SET bars_fetched = bars WHERE stage = 'fetch';
UPDATE job_unit SET bars_accepted = bars WHERE stage = 'validate';
ALTER TABLE job_unit DROP COLUMN bars;

-- A stalled job's units that never finished (asset, unit, error, attempts), kept apart from
-- `error_message` so the tracker reads them back from a column instead of parsing a message.
-- The one-time copy below carries over jobs already stalled, whose message held that list.
ALTER TABLE job_run ADD COLUMN unfinished_units jsonb;
UPDATE job_run SET unfinished_units = error_message::jsonb WHERE stalled AND error_message IS NOT NULL;

-- One row per (job, unit): the unit rules, written once here and read by the tracker, the web
-- job page and the tests.
--   finished  it failed to fetch, was stored, or had nothing storable at validation
--   failed    its fetch failed, or every fetched bar was rejected at validation
--             (a unit that fetched nothing, a window without sessions, finished without failing)
--   stage     the furthest stage recorded (planned < fetch < validate < store), with its status
--   failure_* the error, code and attempts of the row that failed the unit
-- A filter on job_id is pushed down to job_unit's primary key.
CREATE VIEW job_unit_state AS
SELECT r.job_id, r.unit_id,
       min(r.asset_id) AS asset_id,
       (array_agg(r.stage ORDER BY r.rank DESC))[1] AS stage,
       (array_agg(r.status ORDER BY r.rank DESC))[1] AS status,
       bool_or(r.stage = 'planned') AS planned,
       bool_or(r.stage = 'fetch' AND r.status = 'fetched') AS fetched,
       bool_or(r.stage = 'store') AS stored,
       bool_or(r.ends_unit) AS finished,
       bool_or(r.fails_unit) AS failed,
       max(r.attempts) AS attempts,
       max(r.bars_fetched) AS bars_fetched,
       max(r.bars_accepted) AS bars_accepted,
       max(r.flagged) AS flagged,
       max(r.rejected) AS rejected,
       max(r.rows) AS rows,
       (array_agg(r.error_code ORDER BY r.rank) FILTER (WHERE r.error_code IS NOT NULL))[1] AS error_code,
       (array_agg(r.error ORDER BY r.rank) FILTER (WHERE r.error IS NOT NULL))[1] AS error,
       (array_agg(r.error) FILTER (WHERE r.fails_unit))[1] AS failure_error,
       (array_agg(r.error_code) FILTER (WHERE r.fails_unit))[1] AS failure_code,
       (array_agg(r.attempts) FILTER (WHERE r.fails_unit))[1] AS failure_attempts,
       max(r.recorded_at) AS last_recorded_at
  FROM (
    SELECT u.*,
           array_position(ARRAY['planned', 'fetch', 'validate', 'store'], u.stage) AS rank,
           (u.stage = 'fetch' AND u.status = 'failed') OR u.stage = 'store'
             OR (u.stage = 'validate' AND u.bars_accepted = 0) AS ends_unit,
           (u.stage = 'fetch' AND u.status = 'failed')
             OR (u.stage = 'validate' AND u.status = 'all_rejected') AS fails_unit
      FROM job_unit u
  ) r
 GROUP BY r.job_id, r.unit_id;

-- Down Migration

DROP VIEW job_unit_state;
ALTER TABLE job_run DROP COLUMN unfinished_units;
ALTER TABLE job_unit ADD COLUMN bars integer NOT NULL DEFAULT 0;
UPDATE job_unit SET bars = bars_fetched + bars_accepted;
ALTER TABLE job_unit DROP COLUMN bars_fetched, DROP COLUMN bars_accepted;
