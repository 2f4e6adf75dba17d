/** Unit, integration and e2e tests run in one jest invocation; container suites skip themselves where no runtime exists. */
// Tests send many requests with one credential: no rate limit unless a test sets one (inherited by spawned apis).
process.env.WIJKZORG_RATE_LIMIT ??= 'off';
process.env.WIJKZORG_SIGN_IN_LIMIT ??= 'off';

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec,e2e-spec}.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'], '^.+/node_modules/@nestjs/(config|terminus)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }] },
  // @nestjs/config 12 and @nestjs/terminus 12 ship ES modules only; jest (unlike node 20.19+) cannot require them untransformed.
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/(config|terminus)/)'],
  moduleNameMapper: {
    '^@wijkzorg/(domain|event-store|read-models|application|shared-state)$': '<rootDir>/libs/$1/src',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
