import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start child processes and a local Discord stand-in; bounded, never open-ended.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // One throw-away PostgreSQL server for the run, so the PostgreSQL adapter is tested for real.
    globalSetup: ['test/support/postgres/global-setup.ts'],
    // The JSON report lets .ci/run print a plain "N passed, N failed" line for the CI runner.
    reporters: ['default', ['json', { outputFile: '.vitest/report.json' }]],
  },
});
