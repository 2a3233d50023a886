import type { AssetOverview } from '../asset-overview.js';
import { html } from '../html.js';
import type { JobRow } from '../queries/list-jobs.js';
import { jobsTable } from './jobs-page.js';
import { assetHref, badge, formatNumber, layout } from './layout.js';

export function overviewPage(assets: readonly AssetOverview[], jobs: readonly JobRow[]): string {
  const stale = assets.filter((asset) => asset.status === 'STALE').length;
  const body = html`
<p class="summary">${assets.length} assets, ${stale} stale. <a href="/api/freshness">freshness JSON</a></p>
<table id="assets">
<thead><tr><th>Asset</th><th>Name</th><th>Category</th><th>Source</th><th>Latest</th><th>Expected</th><th>Status</th><th class="num">Last close</th><th class="num">Change</th></tr></thead>
<tbody>
${assets.map(
  (asset) => html`<tr data-asset="${asset.id}">
<td><a href="${assetHref(asset.id)}">${asset.id}</a></td><td>${asset.name}</td><td>${asset.category}</td><td>${asset.source}</td>
<td>${asset.latestDate ?? '–'}</td><td>${asset.expectedDate}</td><td>${badge(asset.status)}</td>
<td class="num">${asset.lastClose === null ? '–' : `${formatNumber(asset.lastClose)} ${asset.currency}`}</td>
<td class="num ${asset.change === null ? '' : asset.change >= 0 ? 'up' : 'down'}">${
    asset.change === null
      ? '–'
      : `${asset.change >= 0 ? '+' : ''}${formatNumber(asset.change)} (${((asset.changeFraction ?? 0) * 100).toFixed(2)} %)`
  }</td></tr>`,
)}
</tbody>
</table>
<h2>Latest jobs</h2>
${jobsTable(jobs)}
<p><a href="/jobs">All jobs</a></p>`;
  return layout('Overview', body);
}
