import { html, type SafeHtml } from '../html.js';
import type { AnomalyRow } from '../queries/list-anomalies.js';
import { assetHref, badge, formatInstant, formatNumber, layout, pageLink } from './layout.js';

export function anomaliesTable(anomalies: readonly AnomalyRow[]): SafeHtml {
  if (anomalies.length === 0) return html`<p class="empty">No anomalies.</p>`;
  return html`<table class="anomalies">
<thead><tr><th>Date</th><th>Asset</th><th>Source</th><th>Code</th><th>Severity</th><th>Message</th><th class="num">Value</th><th>Detected</th></tr></thead>
<tbody>
${anomalies.map(
  (row) => html`<tr data-date="${row.date ?? ''}" data-code="${row.code}">
<td>${row.date ?? '–'}</td><td><a href="${assetHref(row.asset_id)}">${row.asset_id}</a></td><td>${row.source}</td>
<td>${row.code}</td><td>${badge(row.severity)}</td><td>${row.message}</td><td class="num">${formatNumber(row.value, 4)}</td>
<td>${row.job_id === null ? formatInstant(row.detected_at) : html`<a href="/jobs/${row.job_id}">${formatInstant(row.detected_at)}</a>`}</td></tr>`,
)}
</tbody>
</table>`;
}

export interface AnomalyFilterView {
  asset: string | undefined;
  code: string | undefined;
  from: string | undefined;
  to: string | undefined;
  page: number;
}

export function anomaliesPage(
  anomalies: readonly AnomalyRow[],
  filter: AnomalyFilterView,
  hasNext: boolean,
): string {
  const query = { asset: filter.asset, code: filter.code, from: filter.from, to: filter.to };
  const link = (page: number) =>
    pageLink('/anomalies', { ...query, page: page === 1 ? undefined : String(page) });
  const body = html`
<form method="get" action="/anomalies" class="filters">
<label>Asset <input name="asset" value="${filter.asset ?? ''}"></label>
<label>Code <input name="code" value="${filter.code ?? ''}" placeholder="price_spike"></label>
<label>From <input name="from" type="date" value="${filter.from ?? ''}"></label>
<label>To <input name="to" type="date" value="${filter.to ?? ''}"></label>
<button type="submit">Filter</button>
</form>
${anomaliesTable(anomalies)}
<p class="pager">${filter.page > 1 ? html`<a href="${link(filter.page - 1)}" rel="prev">Previous</a>` : ''}
Page ${filter.page}
${hasNext ? html`<a href="${link(filter.page + 1)}" rel="next">Next</a>` : ''}</p>`;
  return layout('Anomalies', body);
}
