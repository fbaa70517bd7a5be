import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['typed-evals-source'] },
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
    pool: 'forks',
  },
});
