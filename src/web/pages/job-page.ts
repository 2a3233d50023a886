import { JOB_RUN_COUNTERS } from '../../stages/track/job-tracking/job-state.js';
import { html } from '../html.js';
import type { JobUnitRow } from '../queries/list-job-units.js';
import type { JobRow } from '../queries/list-jobs.js';
import { durationSeconds } from './jobs-page.js';
import { assetHref, badge, formatInstant, layout } from './layout.js';

const COUNTERS = JOB_RUN_COUNTERS;

export function jobPage(job: JobRow, units: readonly JobUnitRow[]): string {
  const body = html`
<dl class="facts">
<dt>Job id</dt><dd>${job.job_id}</dd>
<dt>Name</dt><dd>${job.job_name}</dd>
<dt>Status</dt><dd>${badge(job.status)}${job.stalled ? html` ${badge('stalled')}` : ''}</dd>
<dt>Started</dt><dd>${formatInstant(job.started_at)}</dd>
<dt>Ended</dt><dd>${formatInstant(job.ended_at)}</dd>
<dt>Duration</dt><dd>${durationSeconds(job).toFixed(1)} s</dd>
<dt>Params</dt><dd><code>${JSON.stringify(job.params)}</code></dd>
</dl>
<table class="counters"><tbody>
${COUNTERS.map((name) => html`<tr><th>${name.replace('_', ' ')}</th><td class="num">${job[name]}</td></tr>`)}
</tbody></table>
<h2>Units</h2>
<table id="units">
<thead><tr><th>Unit</th><th>Asset</th><th>Stage reached</th><th>Status</th><th class="num">Attempts</th><th class="num">Bars</th><th class="num">Rows</th><th>Error</th></tr></thead>
<tbody>
${units.map(
  (unit) => html`<tr data-unit="${unit.unit_id}">
<td>${unit.unit_id}</td><td><a href="${assetHref(unit.asset_id)}">${unit.asset_id}</a></td><td>${unit.stage}</td>
<td>${unit.error === null ? unit.status : badge(unit.status)}</td><td class="num">${unit.attempts}</td><td class="num">${unit.bars}</td><td class="num">${unit.rows}</td>
<td class="error">${unit.error_code === null ? '' : html`<code>${unit.error_code}</code> `}${unit.error ?? ''}</td></tr>`,
)}
</tbody>
</table>`;
  return layout(`Job ${job.job_name}`, body);
}
