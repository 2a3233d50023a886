import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.unit.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'int',
          include: ['tests/**/*.int.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One broker, registry and database serve every file; files isolate themselves by
          // unique topic, group and database names, so they may run side by side.
          maxConcurrency: 4,
        },
      },
      {
        test: {
          // Fault injection: these tests stop, kill and restart the shared broker, registry and
          // PostgreSQL, so they run on their own (npm run test:faults, never inside npm test),
          // one file at a time, one test at a time.
          name: 'faults',
          include: ['tests/faults/**/*.faults.test.ts'],
          // The second one keeps the clean references of the run (computed once, shared by files).
          globalSetup: [
            'tests/support/global-setup.ts',
            'tests/faults/harness/reference-cache-setup.ts',
          ],
          fileParallelism: false,
          maxWorkers: 1,
          maxConcurrency: 1,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // Broker faults on a three-node cluster of its own (ports 19092-19094), started and
          // stopped by the suite: npm run test:cluster, one test at a time.
          name: 'cluster',
          include: ['tests/cluster/**/*.cluster.test.ts'],
          globalSetup: ['tests/cluster/cluster-setup.ts'],
          fileParallelism: false,
          maxWorkers: 1,
          maxConcurrency: 1,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
