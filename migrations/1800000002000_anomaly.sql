-- Up Migration

-- ohlcv.flagged stored for pages, the API and SQL. One row per anomaly identity: the same
-- asset, source, code, date (or, for an anomaly without a valid date, its message) seen again
-- in a redelivery or a replay updates the row instead of adding one.
CREATE TABLE anomaly (
  anomaly_key  text PRIMARY KEY,
  asset_id     text NOT NULL,
  date         date,
  source       text NOT NULL,
  code         text NOT NULL,
  severity     text NOT NULL CHECK (severity IN ('warning', 'rejected')),
  message      text NOT NULL,
  value        double precision,
  job_id       uuid,
  unit_id      text,
  detected_at  timestamptz NOT NULL
);

CREATE INDEX anomaly_asset_date_idx ON anomaly (asset_id, date);
CREATE INDEX anomaly_code_date_idx ON anomaly (code, date);
CREATE INDEX anomaly_detected_at_idx ON anomaly (detected_at DESC);

-- Down Migration

DROP TABLE anomaly;
