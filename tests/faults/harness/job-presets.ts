/**
 * 7 assets x 3 years of the deterministic sample source in 10-day units: 770 units, 5,542 rows.
 * Two assets fetched at a time, the producer takes 3 to 9 s to publish it (measured here) and
 * rows arrive in `price_daily` all that time: long enough to hit the job in its middle. (With
 * 30-day units and 4 assets at once, all the rows landed within about 1.5 s.)
 */
function largeJob(concurrency: number): string[] {
  return [
    '--start',
    '2022-01-01',
    '--end',
    '2024-12-31',
    '--source',
    'sample',
    '--chunk-days',
    '10',
    '--concurrency',
    String(concurrency),
  ];
}

export const LARGE_JOB = largeJob(2);

/**
 * The same job one asset at a time (770 units): with one unit in flight, a fault that cuts the
 * producer off leaves one unit in doubt at most.
 */
export const SERIAL_LARGE_JOB = largeJob(1);

/** Every catalog asset from its own source (the local stand-in), in 10-day units. */
export const OWN_SOURCES_JOB = [
  '--start',
  '2026-01-05',
  '--end',
  '2026-03-27',
  '--chunk-days',
  '10',
];
