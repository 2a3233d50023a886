import type { AssetOverview } from '../asset-overview.js';
import type { Gap } from '../gaps.js';
import { html, jsonBlock } from '../html.js';
import { RANGES, type RangeName } from '../price-window.js';
import type { AnomalyRow } from '../queries/list-anomalies.js';
import { anomaliesTable } from './anomalies-page.js';
import { badge, formatNumber, layout } from './layout.js';

export interface AssetPageData {
  asset: AssetOverview;
  window: { from: string; to: string; range: RangeName | undefined };
  /** The days to mark on the chart: flagged bars and dated anomalies. */
  markedDays: readonly string[];
  anomalies: readonly AnomalyRow[];
  gaps: readonly Gap[];
}

/**
 * The chart is drawn by /static/asset-chart.js from `GET /api/assets/{id}/prices`; the page
 * hands it the asset, the window and the days to mark in a JSON block (data, never code).
 */
export function assetPage(data: AssetPageData): string {
  const { asset, window } = data;
  const pricesUrl = `/api/assets/${encodeURIComponent(asset.id)}/prices`;
  const body = html`
<p class="summary">${asset.name} · ${asset.category} · ${asset.market} · ${asset.currency} · source ${asset.source} ·
latest ${asset.latestDate ?? '–'} (expected ${asset.expectedDate}) ${badge(asset.status)} ·
last close ${formatNumber(asset.lastClose)}</p>
<div class="ranges" role="group" aria-label="Range">${RANGES.map(
    (range) =>
      html`<button type="button" data-range="${range}"${window.range === range ? html` aria-pressed="true"` : ''}>${range}</button>`,
  )}</div>
<div id="chart" data-from="${window.from}" data-to="${window.to}"></div>
<p id="chart-status" class="empty"></p>
${jsonBlock('chart-config', {
  assetId: asset.id,
  source: asset.source,
  pricesUrl,
  from: window.from,
  to: window.to,
  range: window.range ?? null,
  markedDays: data.markedDays,
})}
<h2>Anomalies</h2>
${anomaliesTable(data.anomalies)}
<h2>Gaps</h2>
${
  data.gaps.length === 0
    ? html`<p class="empty">No missing sessions between the first and last stored bar.</p>`
    : html`<table id="gaps"><thead><tr><th>From</th><th>To</th><th class="num">Sessions</th><th>Note</th></tr></thead><tbody>
${data.gaps.map(
  (gap) =>
    html`<tr><td>${gap.first}</td><td>${gap.last}</td><td class="num">${gap.sessions}</td><td>${gap.unsure ? 'outside the known holidays: may be a holiday' : ''}</td></tr>`,
)}</tbody></table>`
}`;
  return layout(`${asset.id} · ${asset.name}`, body, [
    '/static/lightweight-charts.js',
    '/static/asset-chart.js',
  ]);
}
