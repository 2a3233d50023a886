-- Up Migration

-- The catalog of assets the collector knows. `market` names the trading calendar used for gap
-- detection and freshness (KRX, US or CRYPTO); `source`/`source_symbol` say where bars come from.
CREATE TABLE asset (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  category      text NOT NULL CHECK (category IN ('stock', 'etf', 'index', 'crypto', 'commodity')),
  market        text NOT NULL CHECK (market IN ('KRX', 'US', 'CRYPTO')),
  currency      text NOT NULL,
  source        text NOT NULL,
  source_symbol text NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);

INSERT INTO asset (id, name, category, market, currency, source, source_symbol) VALUES
  ('005930',  'Samsung Electronics', 'stock',     'KRX',    'KRW', 'naver', '005930'),
  ('000660',  'SK hynix',            'stock',     'KRX',    'KRW', 'naver', '000660'),
  ('069500',  'KODEX 200',           'etf',       'KRX',    'KRW', 'naver', '069500'),
  ('KS11',    'KOSPI',               'index',     'KRX',    'KRW', 'naver', 'KOSPI'),
  ('US500',   'S&P 500',             'index',     'US',     'USD', 'yahoo', '^GSPC'),
  ('BTC/KRW', 'Bitcoin',             'crypto',    'CRYPTO', 'KRW', 'upbit', 'KRW-BTC'),
  ('GC=F',    'Gold futures',        'commodity', 'US',     'USD', 'yahoo', 'GC=F');

-- One row per asset, trading date (the exchange's local date) and source. No foreign key to
-- `asset`: the sink must never stall on a catalog edit; the producer checks asset ids upstream.
-- `flags` keeps the validator's per-bar flags (e.g. price_spike, trading_halt) for dashboards.
CREATE TABLE price_daily (
  asset_id    text NOT NULL,
  date        date NOT NULL,
  source      text NOT NULL,
  open        double precision NOT NULL,
  high        double precision NOT NULL,
  low         double precision NOT NULL,
  close       double precision NOT NULL,
  volume      double precision,
  flags       text[] NOT NULL DEFAULT '{}',
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (asset_id, date, source)
);

CREATE INDEX price_daily_flagged_idx ON price_daily USING gin (flags) WHERE flags <> '{}';

-- One row per produce run (or replay), folded from `ingest.jobs` by the job tracker.
CREATE TABLE job_run (
  job_id          uuid PRIMARY KEY,
  job_name        text NOT NULL,
  status          text NOT NULL CHECK (status IN ('running', 'success', 'partial_failure', 'failure')),
  started_at      timestamptz NOT NULL,
  ended_at        timestamptz,
  params          jsonb NOT NULL DEFAULT '{}',
  error_message   text,
  units_planned   integer NOT NULL DEFAULT 0,
  units_fetched   integer NOT NULL DEFAULT 0,
  units_failed    integer NOT NULL DEFAULT 0,
  units_stored    integer NOT NULL DEFAULT 0,
  bars_fetched    integer NOT NULL DEFAULT 0,
  bars_flagged    integer NOT NULL DEFAULT 0,
  bars_rejected   integer NOT NULL DEFAULT 0,
  rows_written    integer NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX job_run_started_at_idx ON job_run (started_at DESC);

-- Down Migration

DROP TABLE job_run;
DROP TABLE price_daily;
DROP TABLE asset;
