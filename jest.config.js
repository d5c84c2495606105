// One Jest run, three tiers (see docs/DEVELOPING.md). A project's global setup
// runs only when one of its tests is selected: it starts only the
// infrastructure that is not already running, and the teardown stops it.
const fs = require('node:fs');
const path = require('node:path');

const swcConfig = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const { paths } = require('./tsconfig.base.json').compilerOptions;

const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const SETUP = '<rootDir>/dev/testing/src/jest/global-setup.ts';
const SETUP_WITHOUT_KAFKA = '<rootDir>/dev/testing/src/jest/global-setup-without-kafka.ts';
const TEARDOWN = '<rootDir>/dev/testing/src/jest/global-teardown.ts';
/** Kafka (one broker), Postgres and Redis for the projects that talk to real servers. */
const withInfra = { globalSetup: SETUP, globalTeardown: TEARDOWN };

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
  maxWorkers: 2,
  // Tests against real brokers and databases: generous, since 2 cores also run the JVMs.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{apps,libs,dev}/*/src/**/*.spec.ts',
        '<rootDir>/{tools,bench}/**/*.spec.ts',
      ],
      // bench/test runs real servers: the 'bench' project below.
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '<rootDir>/bench/test/'],
    },
    {
      ...common,
      ...withInfra,
      displayName: 'bench',
      testMatch: ['<rootDir>/bench/test/**/*.spec.ts'],
      testTimeout: 900_000,
    },
    {
      ...common,
      ...withInfra,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,dev}/*/test/**/*.spec.ts'],
      // Three-broker tests start their own cluster: `npm run test:cluster`.
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '/test/cluster/'],
    },
    // Hostile-input suite: every endpoint of the six apps (as processes) refuses bad input with a 4xx in the error shape.
    {
      ...common,
      ...withInfra,
      displayName: 'bad-input',
      testMatch: ['<rootDir>/test/bad-input/**/*.spec.ts'],
    },
    { ...common, ...withInfra, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
    { ...common, displayName: 'compose', testMatch: ['<rootDir>/test/compose/**/*.spec.ts'] },
    // Only with PAYSTREAM_CLUSTER_TESTS=1 (npm run test:cluster), so plain `jest` does not start three JVMs.
    ...(process.env.PAYSTREAM_CLUSTER_TESTS === '1'
      ? [
          {
            ...common,
            // Each file starts its own three-broker cluster: Postgres and Redis only.
            globalSetup: SETUP_WITHOUT_KAFKA,
            globalTeardown: TEARDOWN,
            displayName: 'cluster',
            testMatch: ['<rootDir>/{apps,libs,dev}/*/test/cluster/**/*.spec.ts'],
          },
        ]
      : []),
  ],
};
