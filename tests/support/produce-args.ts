/** The window most CLI tests produce: 2 to 11 February 2026, seven KRX sessions. */
export const WINDOW_ARGS: readonly string[] = ['--start', '2026-02-02', '--end', '2026-02-11'];

/** That window for every catalog asset from the built-in sample source, which needs no network. */
export const SAMPLE_JOB_ARGS: readonly string[] = [...WINDOW_ARGS, '--source', 'sample'];
