/**
 * Real-build suite (`npm run test:e2e`): builds Dockerfiles with Buildah before
 * and after the codemod and proves the cache mounts are hit. Slow, needs root.
 * Run in band: the machine has 2 cores and every build is CPU and disk heavy.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  globalSetup: '<rootDir>/e2e/setup.ts',
  globalTeardown: '<rootDir>/e2e/teardown.ts',
  // Each fixture does three or more builds of a minute or less each.
  testTimeout: 15 * 60 * 1000,
  maxWorkers: 1,
  verbose: true,
};
