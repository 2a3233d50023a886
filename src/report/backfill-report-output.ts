import { formatTable, markdownTable } from '../terminal/text-table.js';
import type { AssetCoverage, BackfillReport } from './backfill-report.js';
import { formatSessionRanges } from './session-ranges.js';

function sourceText(report: BackfillReport): string {
  return report.source ?? "each asset's own";
}

/** e.g. `price_spike 2, trading_halt 1`, most frequent first. */
export function flagsText(flags: Readonly<Record<string, number>>): string {
  return Object.entries(flags)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([flag, count]) => `${flag} ${count}`)
    .join(', ');
}

const SUMMARY_HEADER = [
  'asset',
  'source',
  'rows',
  'first',
  'last',
  'expected',
  'missing',
  'unsure',
  'flagged',
];

function summaryCells(asset: AssetCoverage): string[] {
  return [
    asset.assetId,
    asset.source,
    String(asset.rows),
    asset.first ?? '-',
    asset.last ?? '-',
    String(asset.expected),
    String(asset.missingCount),
    String(asset.unsureCount),
    String(asset.flagged),
  ];
}

/** The detail lines: per asset, its missing and unsure sessions, flags and off-calendar rows. */
function details(asset: AssetCoverage): Array<[label: string, text: string]> {
  const lines: Array<[string, string]> = [];
  if (asset.missing.length > 0) lines.push(['missing', formatSessionRanges(asset.missing)]);
  if (asset.unsure.length > 0) {
    lines.push(['unsure (year outside the calendar)', formatSessionRanges(asset.unsure)]);
  }
  if (asset.flagged > 0) lines.push(['flags', flagsText(asset.flags)]);
  if (asset.offCalendar > 0) {
    lines.push(['rows on non-session days', String(asset.offCalendar)]);
  }
  return lines;
}

/** The report for a terminal: a summary table, then the missing sessions and flags per asset. */
export function reportText(report: BackfillReport): string {
  const out = [
    `backfill report ${report.start}..${report.end}, source: ${sourceText(report)}, generated at ${report.generatedAt.toISOString()}`,
    '',
    formatTable(SUMMARY_HEADER, report.assets.map(summaryCells)),
    '',
  ];
  const withDetails = report.assets.filter((asset) => details(asset).length > 0);
  if (withDetails.length === 0) out.push('no missing sessions, no flagged days');
  for (const asset of withDetails) {
    for (const [label, text] of details(asset)) out.push(`${asset.assetId} ${label}: ${text}`);
  }
  return out.join('\n');
}

/** A Markdown table with one row per asset, or the `none` sentence when there is no asset. */
function assetsTable(
  assets: readonly AssetCoverage[],
  header: string[],
  cells: (asset: AssetCoverage) => string[],
  none: string,
): string {
  return assets.length === 0 ? none : markdownTable(header, assets.map(cells));
}

/** The same report as a Markdown document, with its range, source and time in a header. */
export function reportMarkdown(report: BackfillReport): string {
  const missing = report.assets.filter(
    (asset) => asset.missing.length > 0 || asset.unsure.length > 0,
  );
  const flagged = report.assets.filter((asset) => asset.flagged > 0);
  const offCalendar = report.assets.filter((asset) => asset.offCalendar > 0);
  const out = [
    '# Backfill report',
    '',
    `- Range: ${report.start} .. ${report.end}`,
    `- Source: ${sourceText(report)}`,
    `- Generated at: ${report.generatedAt.toISOString()}`,
    '',
    'Expected sessions come from each asset\'s trading calendar (docs/calendars.md). "Unsure"',
    'sessions fall in years whose holidays the calendar does not know: a gap there may be a holiday.',
    '',
    '## Summary',
    '',
    markdownTable(SUMMARY_HEADER, report.assets.map(summaryCells)),
    '',
    '## Missing sessions',
    '',
    assetsTable(
      missing,
      ['asset', 'missing', 'unsure'],
      (asset) => [
        asset.assetId,
        formatSessionRanges(asset.missing) || '-',
        formatSessionRanges(asset.unsure) || '-',
      ],
      'None: every expected session has a row.',
    ),
    '',
    '## Flagged days',
    '',
    assetsTable(
      flagged,
      ['asset', 'flagged days', 'flags'],
      (asset) => [asset.assetId, String(asset.flagged), flagsText(asset.flags)],
      'None.',
    ),
  ];
  if (offCalendar.length > 0) {
    out.push(
      '',
      '## Rows on non-session days',
      '',
      markdownTable(
        ['asset', 'rows'],
        offCalendar.map((asset) => [asset.assetId, String(asset.offCalendar)]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
