/**
 * Unit tests run alone with `npm run test:unit`; `npm test` runs every project and
 * starts the local stack (Kafka, LocalStack) first when it is not already up.
 */
const tsJest = [
  'ts-jest',
  {
    // Type checking is `npm run typecheck`; the test run only transpiles, which keeps it fast.
    tsconfig: { module: 'commonjs', moduleResolution: 'node10', allowJs: true, esModuleInterop: true, isolatedModules: true },
  },
];

const common = {
  testEnvironment: 'node',
  // middy's packages export only an "import" condition: point Jest at their entry file,
  // and ts-jest compiles it to CommonJS like our own code (transformIgnorePatterns below).
  moduleNameMapper: { '^@middy/([a-z-]+)$': '<rootDir>/node_modules/@middy/$1/index.js' },
  transform: { '^.+\\.[tj]s$': tsJest },
  // middy ships ES modules only; let ts-jest turn them into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/helpers/lambda-environment.ts'],
};

module.exports = {
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.cjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/helpers/integration-timeout.ts'],
    },
  ],
};
