import { html, type SafeHtml } from '../html.js';
import { JOB_STATUSES, type JobRow } from '../queries/list-jobs.js';
import { badge, formatInstant, layout, pageLink } from './layout.js';

/** Seconds from start to end (or to the last update of a running job). */
export function durationSeconds(job: JobRow): number {
  return ((job.ended_at ?? job.updated_at).getTime() - job.started_at.getTime()) / 1000;
}

export function jobsTable(jobs: readonly JobRow[]): SafeHtml {
  if (jobs.length === 0) return html`<p class="empty">No jobs.</p>`;
  return html`<table class="jobs">
<thead><tr><th>Job</th><th>Name</th><th>Status</th><th>Started</th><th class="num">Duration</th><th class="num">Units</th><th class="num">Failed</th><th class="num">Rows</th></tr></thead>
<tbody>
${jobs.map(
  (job) => html`<tr data-job="${job.job_id}">
<td><a href="/jobs/${job.job_id}">${job.job_id.slice(0, 8)}</a></td><td>${job.job_name}</td>
<td>${badge(job.status)}${job.stalled ? html` ${badge('stalled')}` : ''}</td><td>${formatInstant(job.started_at)}</td>
<td class="num">${durationSeconds(job).toFixed(1)} s</td><td class="num">${job.units_planned}</td>
<td class="num">${job.units_failed}</td><td class="num">${job.rows_written}</td></tr>`,
)}
</tbody>
</table>`;
}

export function jobsPage(
  jobs: readonly JobRow[],
  options: { status: string | undefined; page: number; hasNext: boolean },
): string {
  const link = (page: number) =>
    pageLink('/jobs', { status: options.status, page: page === 1 ? undefined : String(page) });
  const body = html`
<form method="get" action="/jobs" class="filters">
<label>Status <select name="status"><option value="">any</option>${JOB_STATUSES.map(
    (status) =>
      html`<option value="${status}"${options.status === status ? html` selected` : ''}>${status}</option>`,
  )}</select></label>
<button type="submit">Filter</button>
</form>
${jobsTable(jobs)}
<p class="pager">${options.page > 1 ? html`<a href="${link(options.page - 1)}" rel="prev">Newer</a>` : ''}
Page ${options.page}
${options.hasNext ? html`<a href="${link(options.page + 1)}" rel="next">Older</a>` : ''}</p>`;
  return layout('Jobs', body);
}
