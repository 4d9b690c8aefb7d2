/**
 * Ecosystem suite (`npm run test:ecosystem`): cachemount where people run it, each file
 * from a fresh clone of this repository with the working tree, as it is on disk,
 * committed in the clone (ecosystem/support.ts, cloneWorkTree).
 * - ecosystem/precommit.test.ts: the real pre-commit (Debian's package, installed with
 *   apt-get when missing) installs the hooks from .pre-commit-hooks.yaml and runs them;
 * - ecosystem/pack.test.ts: `npm pack`, the tarball's file list, an install of it into
 *   an empty folder and `npx cachemount` there;
 * - ecosystem/action.test.ts: action.yml's steps run as a GitHub runner runs a composite
 *   action (ecosystem/action-runner.ts), in both formats.
 * Slow (npm installs from the registry, a few minutes), so `npm test` does not run it.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/ecosystem'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 15 * 60 * 1000,
  // Two files at once: each spends most of its time in npm and git, not on a core.
  maxWorkers: 2,
  verbose: true,
};
