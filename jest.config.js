// One Jest run, three tiers (see docs/DEVELOPING.md). The global setup starts
// only the infrastructure that is not already running and stops it afterwards.
const fs = require('node:fs');
const path = require('node:path');

const swcConfig = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const { paths } = require('./tsconfig.base.json').compilerOptions;

const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120_000,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  maxWorkers: 2,
  // Tests against real brokers and databases: generous, since 2 cores also run the JVMs.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.spec.ts', '<rootDir>/{tools,bench}/**/*.spec.ts'],
      // bench/test runs real servers: the 'bench' project below.
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '<rootDir>/bench/test/'],
    },
    { ...common, displayName: 'bench', testMatch: ['<rootDir>/bench/test/**/*.spec.ts'], testTimeout: 900_000 },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.spec.ts'],
      // Three-broker tests start their own cluster: `npm run test:cluster`.
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '/test/cluster/'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
    { ...common, displayName: 'compose', testMatch: ['<rootDir>/test/compose/**/*.spec.ts'] },
    // Only with PAYSTREAM_CLUSTER_TESTS=1 (npm run test:cluster), so plain `jest` does not start three JVMs.
    ...(process.env.PAYSTREAM_CLUSTER_TESTS === '1'
      ? [{ ...common, displayName: 'cluster', testMatch: ['<rootDir>/{apps,libs}/*/test/cluster/**/*.spec.ts'] }]
      : []),
  ],
};
