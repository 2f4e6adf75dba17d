/**
 * Layer boundaries, checked by `npm run depcruise` (part of `npm test`).
 *   libs/domain       pure deciders: imports nothing outside itself
 *   libs/event-store  domain + its drivers
 *   libs/application  domain + event-store (command flows, auth, integration, privacy)
 *   libs/read-models  domain + event-store, and application for `upcast` only until upcasting
 *                     lives in the event-store library (issue 9)
 *   libs/shared-state adapters of application's shared-state ports: domain, event-store, application
 *   apps/*            any lib, but only through its index (`@wijkzorg/<lib>`)
 * Database drivers appear only in adapters, behind the ports (EventStore, ReadModelStore, the *-store classes).
 * Tests (specs, test/) may import anything.
 */
const TESTS = ['\\.(spec|e2e-spec|int-spec)\\.ts$', '^test/', '/conformance/'];
// Matched anywhere in the resolved path: node_modules may be a symlink to a shared install.
const DRIVERS = '(^|/)node_modules/(better-sqlite3|mongodb|pg|pg-[a-z-]+|@kurrent/kurrentdb-client)/';
const ADAPTERS = ['^libs/event-store/src/(sqlite|esdb|kurrentdb|postgres|anchor)/', '^libs/read-models/src/(sqlite|mongo|postgres)/', '^libs/shared-state/src/(sqlite|postgres|mongo)/', '^libs/application/src/.+-store\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing-else',
      comment: 'libs/domain holds pure deciders: no other lib, no app, no npm package, no node builtin.',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: TESTS },
      to: { pathNot: '^libs/domain/' },
    },
    {
      name: 'event-store-imports-domain-only',
      severity: 'error',
      from: { path: '^libs/event-store/', pathNot: TESTS },
      to: { path: '^(libs/(application|read-models)|apps)/' },
    },
    {
      name: 'application-imports-domain-and-event-store',
      severity: 'error',
      from: { path: '^libs/application/', pathNot: TESTS },
      to: { path: '^(libs/read-models|apps)/' },
    },
    {
      name: 'shared-state-imports-ports-and-drivers-only',
      severity: 'error',
      from: { path: '^libs/shared-state/', pathNot: TESTS },
      to: { path: '^(libs/read-models|apps)/' },
    },
    {
      name: 'only-apps-open-shared-state',
      comment: 'The libraries use the ports in libs/application; only the entry points choose adapters.',
      severity: 'error',
      from: { path: '^libs/(domain|event-store|application|read-models)/', pathNot: TESTS },
      to: { path: '^libs/shared-state/' },
    },
    {
      name: 'libs-never-import-apps',
      comment: 'Covers read-models too: it may use domain, event-store and (for upcast) application, never an app.',
      severity: 'error',
      from: { path: '^libs/', pathNot: TESTS },
      to: { path: '^apps/' },
    },
    {
      name: 'another-lib-only-through-its-index',
      comment: 'Import another lib as @wijkzorg/<lib> (its src/index.ts), never a deep path into its src/.',
      severity: 'error',
      from: { path: '^(libs|apps)/([^/]+)/', pathNot: TESTS },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: TESTS },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'drivers-only-in-adapters',
      comment: 'Database drivers are used by adapters behind the ports, nowhere else.',
      severity: 'error',
      from: { pathNot: [...TESTS, ...ADAPTERS] },
      to: { path: DRIVERS },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      // Type-only imports vanish at compile time, so they cannot form a load-order cycle.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-orphans',
      comment: 'A production module nobody imports is dead code (entry points excepted).',
      severity: 'error',
      from: {
        orphan: true,
        // Browser files of the dashboard are served by its controller, not imported.
        pathNot: [...TESTS, '\\.d\\.ts$', '^apps/[^/]+/src/main\\.ts$', '^apps/api/src/dashboard/assets/', '(^|/)\\.[^/]+\\.(c|m)?js$', '\\.config\\.(c|m)?js$'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^(dist|docs|data|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], mainFields: ['main', 'types'] },
  },
};
