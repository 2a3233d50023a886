import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { todayIn } from '../calendar/iso-date.js';
import { openCatalog } from '../catalog/open-catalog.js';
import { databaseFailure } from '../db/open-database.js';
import { buildBackfillReport } from '../report/backfill-report.js';
import { reportMarkdown, reportText } from '../report/backfill-report-output.js';
import { stderrLogger } from '../terminal/stderr-logger.js';
import { writeStdout } from '../terminal/stdout.js';
import { selectAssets } from './cli-options.js';
import { parseReportArgs } from './report-options.js';
import { type CommandContext, runCommand } from './run-command.js';

/**
 * `npm run report -- --start --end [--out file] [--source name] [--assets ids]`: per asset, the
 * rows stored in the range against the sessions of its calendar: first and last date, missing
 * sessions as runs (2024-01-02..2024-01-05), flagged days. Prints it, and writes it as Markdown
 * to `--out`. Exit 0 once the report is made (missing sessions are its content), 2 for bad
 * arguments, 1 when the database cannot be read.
 */
async function main({ settings, argv }: CommandContext): Promise<number> {
  const args = parseReportArgs(argv, { today: todayIn('Asia/Seoul', new Date()) });
  if (args === undefined) return 0;
  const logger = stderrLogger('report', settings);
  const { database, catalog } = await openCatalog(settings, logger);
  try {
    const report = await buildBackfillReport({
      db: database.db,
      assets: selectAssets(args.assetList, catalog),
      start: args.start,
      end: args.end,
      source: args.source,
      now: new Date(),
    }).catch((error: unknown) => {
      throw databaseFailure(error);
    });
    await writeStdout(reportText(report));
    if (args.out !== undefined) {
      const path = resolve(args.out);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, reportMarkdown(report));
      await writeStdout(`\nreport written to ${args.out}`);
    }
    return 0;
  } finally {
    await database.close().catch(() => undefined);
  }
}

await runCommand('report', main);
