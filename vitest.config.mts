import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 60_000,
    // Expected values come from CPU runs; a machine with a GPU would offload and round differently (see README, GPU).
    env: { DECODING_LAB_GPU: 'off' },
    hookTimeout: 120_000,
    // CI counts the totals from this report.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: '.ci-results/vitest.json' } : undefined,
  },
})
