import { Command, Option } from 'commander';
import { CATEGORIES, type Category, MARKETS, type Market } from '../catalog/assets.js';
import { guessSource, guessSymbol, probeListing } from '../catalog/probe-listing.js';
import { disableAsset } from '../db/disable-asset.js';
import { listAssets } from '../db/list-assets.js';
import { databaseFailure, openOperationsDatabase } from '../db/open-database.js';
import { upsertAsset } from '../db/upsert-asset.js';
import { invalid } from '../errors.js';
import { createSources } from '../stages/fetch/sources/create-sources.js';
import type { SourceAdapter } from '../stages/fetch/sources/source-adapter.js';
import { stderrLogger } from '../terminal/stderr-logger.js';
import { writeStdout } from '../terminal/stdout.js';
import { formatTable } from '../terminal/text-table.js';
import { parseOptions, sourceOption } from './cli-options.js';
import { type CommandContext, runCommand } from './run-command.js';

interface AddOptions {
  source?: string;
  symbol?: string;
  name?: string;
  category?: Category;
  market?: Market;
  currency?: string;
}

/**
 * `npm run assets -- list | add <id> [--source s] [--symbol x] ... | disable <id>`: the catalog,
 * kept in the `asset` table that every command reads. `add` checks the symbol against its source
 * with a short fetch and fills name, market, currency and category where the source tells them;
 * an unknown symbol is refused with one line and exit 2. `disable` stops collecting an asset and
 * keeps its rows. DATABASE_URL, or the embedded PGlite when it is not set.
 */
async function main({ settings, argv }: CommandContext): Promise<number> {
  const program = new Command('assets')
    .argument('<action>', 'list, add or disable')
    .argument('[id]', 'the asset id (add, disable)')
    .option('--source <name>', 'naver, yahoo or upbit (default: guessed from the id)')
    .option(
      '--symbol <symbol>',
      "the symbol at the source (default: the id; Upbit's KRW-BTC for BTC/KRW)",
    )
    .option('--name <name>', 'the name (default: what the source tells, else the id)')
    .addOption(new Option('--category <category>', 'the category').choices(CATEGORIES))
    .addOption(new Option('--market <market>', 'the trading calendar').choices(MARKETS))
    .option('--currency <code>', 'the quote currency, e.g. KRW');
  if (!parseOptions(program, argv)) return 0;
  const [action, id] = program.args;
  const options = program.opts<AddOptions>();
  if (action !== 'list' && action !== 'add' && action !== 'disable') {
    invalid(`unknown action "${action}"; use list, add <id> or disable <id>`);
  }
  if (action !== 'list' && (id === undefined || id.trim() === '')) {
    invalid(`${action} needs an asset id, e.g. npm run assets -- ${action} AAPL`);
  }
  const source =
    action === 'add' ? (sourceOption(options.source) ?? guessSource(id as string)) : undefined;
  if (source === 'sample' || source === 'csv') {
    invalid(`--source ${source} has no symbols to check; add assets from naver, yahoo or upbit`);
  }

  const logger = stderrLogger('assets', settings);
  // Probe before opening the database: an unknown symbol changes nothing. Its failure is the
  // command's one line, so the client's per-call warning is left out at the default level.
  const probeLogger = settings.log.level === 'info' ? logger.child({}, { level: 'error' }) : logger;
  const asset =
    action === 'add' && source !== undefined
      ? await probeListing(createSources(settings, probeLogger)[source] as SourceAdapter, {
          id: id as string,
          source,
          symbol: options.symbol ?? guessSymbol(id as string, source),
          name: options.name,
          category: options.category,
          market: options.market,
          currency: options.currency,
        })
      : undefined;

  const database = await openOperationsDatabase(settings, logger).catch((error: unknown) => {
    throw databaseFailure(error);
  });
  try {
    if (asset !== undefined) {
      const added = await upsertAsset(database.db, asset);
      await writeStdout(
        `${added ? 'added' : 'updated and enabled'} ${asset.id}: ${asset.name}, ${asset.category}, ${asset.market}, ${asset.currency}, ${asset.source} (${asset.sourceSymbol})`,
      );
      return 0;
    }
    if (action === 'disable') {
      if (!(await disableAsset(database.db, id as string))) {
        invalid(`no asset ${id} in the catalog; npm run assets -- list shows the ids`);
      }
      await writeStdout(`disabled ${id}: no longer collected; its stored rows stay`);
      return 0;
    }
    const rows = await listAssets(database.db, { includeDisabled: true });
    await writeStdout(
      formatTable(
        ['id', 'name', 'category', 'market', 'currency', 'source (symbol)', 'active'],
        rows.map((row) => [
          row.id,
          row.name,
          row.category,
          row.market,
          row.currency,
          `${row.source} (${row.sourceSymbol})`,
          row.active ? 'yes' : 'no',
        ]),
      ),
    );
    return 0;
  } catch (error) {
    throw databaseFailure(error);
  } finally {
    await database.close().catch(() => undefined);
  }
}

await runCommand('assets', main);
