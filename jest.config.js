/**
 * Default suite (`npm test`): unit, fixture table, script-following, CLI, safety and
 * checker tests, and the property test on 300 generated cases. The long property run
 * (`npm run test:property`, 10,000 cases) and the stress corpus have their own scripts.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 60000,
};
