import { randomUUID } from 'node:crypto';
import { addDays, todayIn } from '../calendar/iso-date.js';
import { readCatalog } from '../catalog/read-catalog.js';
import { startEmbeddedPipeline } from '../embedded/embedded-pipeline.js';
import { finishEmbeddedJob } from '../embedded/finish-job.js';
import { invalid } from '../errors.js';
import { systemClock } from '../ports/clock.js';
import { createFetcher } from '../stages/fetch/fetcher.js';
import { planUnits } from '../stages/fetch/plan-units.js';
import { createSampleAdapter } from '../stages/fetch/sources/sample-adapter.js';
import { serveWeb } from '../web/serve-web.js';
import { type CommandContext, runCommand } from './run-command.js';
import { shutdownSignal } from './shutdown.js';

const DEMO_DAYS = 92;

interface AssetRow {
  asset_id: string;
  rows: number;
  first: string | null;
  last: string | null;
  flagged: number;
}

/**
 * `npm run demo`: the whole pipeline offline in one process (embedded bus, PGlite under
 * ./var/), over the default catalog's last three months from the sample source; prints what it
 * stored. Running it again stores no duplicate. With `--web`, it then keeps serving the pages and
 * API of `npm run web` over the stored data until Ctrl-C.
 */
async function main({ settings, logger, argv }: CommandContext): Promise<number> {
  const web = argv.includes('--web');
  const unknown = argv.filter((arg) => arg !== '--web');
  if (unknown.length > 0)
    invalid(`unknown option ${unknown.join(' ')}; npm run demo takes only --web`);
  const quiet = settings.log.level === 'info' ? logger.child({}, { level: 'warn' }) : logger;
  console.log(
    'market-collector demo: embedded mode (in-process topics, PGlite), sample source, offline',
  );
  // Ends yesterday in Seoul, the earliest market day to start: no window reaches a date to come.
  const end = addDays(todayIn('Asia/Seoul', new Date()), -1);
  const start = addDays(end, -(DEMO_DAYS - 1));
  const pipeline = await startEmbeddedPipeline({
    settings: { ...settings, databaseUrl: undefined },
    logger: quiet,
  });
  try {
    // The catalog is the embedded database's asset table (`npm run assets` edits it).
    const catalog = await readCatalog(pipeline.db, settings.catalogFile);
    const jobId = randomUUID();
    const units = planUnits({
      assets: catalog,
      start,
      end,
      chunkDays: 365,
      source: 'sample',
    });
    const fetcher = createFetcher({
      // Planted anomalies (a spike, missing sessions, rejected bars) show the validator at work.
      sources: { sample: createSampleAdapter({ planted: true }) },
      publisher: pipeline.bus.publisher,
      clock: systemClock,
      newId: randomUUID,
      logger: quiet,
    });
    await fetcher.run({ jobId, jobName: 'demo', params: { start, end, source: 'sample' }, units });
    const job = await finishEmbeddedJob(pipeline, jobId);

    const anomalies = await pipeline.db.any<{
      asset_id: string;
      date: string;
      code: string;
      message: string;
    }>(
      `SELECT asset_id, date, code, message FROM anomaly
        WHERE source = 'sample' AND date BETWEEN $1 AND $2 ORDER BY date, asset_id, code`,
      [start, end],
    );
    const rows = await pipeline.db.any<AssetRow>(
      `SELECT asset_id, count(*)::int AS rows, min(date) AS first, max(date) AS last,
              count(*) FILTER (WHERE flags <> '{}')::int AS flagged
         FROM price_daily WHERE source = 'sample' AND date BETWEEN $1 AND $2 GROUP BY asset_id`,
      [start, end],
    );
    const { total } = await pipeline.db.one<{ total: number }>(
      'SELECT count(*)::int AS total FROM price_daily',
    );

    console.log(`\nwindow ${start} .. ${end}\n`);
    const header = ['asset', 'name', 'rows', 'first', 'last', 'flagged', 'anomalies'];
    const table = catalog.map((asset) => {
      const row = rows.find((candidate) => candidate.asset_id === asset.id);
      return [
        asset.id,
        asset.name,
        String(row?.rows ?? 0),
        row?.first ?? '-',
        row?.last ?? '-',
        String(row?.flagged ?? 0),
        String(anomalies.filter((anomaly) => anomaly.asset_id === asset.id).length),
      ];
    });
    const widths = header.map((title, column) =>
      Math.max(title.length, ...table.map((line) => (line[column] ?? '').length)),
    );
    const format = (line: string[]) =>
      line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
    console.log(format(header));
    console.log(format(widths.map((width) => '-'.repeat(width))));
    for (const line of table) console.log(format(line));
    console.log(`\n${anomalies.length} anomalies in the anomaly table (planted in the demo data):`);
    for (const anomaly of anomalies) {
      console.log(
        `  ${anomaly.date}  ${anomaly.asset_id.padEnd(8)} ${anomaly.code.padEnd(16)} ${anomaly.message}`,
      );
    }
    console.log(`\njob ${jobId}: ${job.status}, ${job.rowsWritten} row(s) written`);
    console.log(`data kept in ${pipeline.databaseLocation}`);
    console.log(`${total} rows in price_daily`);
    if (web) {
      await serveWeb({
        db: pipeline.db,
        logger: quiet,
        web: settings.web,
        onListening: (url) => console.log(`\nweb: serving ${url} (Ctrl-C stops)`),
        until: shutdownSignal(quiet),
      });
    }
    return job.status === 'success' ? 0 : 1;
  } finally {
    await pipeline.close();
  }
}

await runCommand('demo', main);
