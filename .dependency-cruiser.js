/**
 * Layer rules (enforced layering, not ceremony; docs/architecture.md). `npm run layers` fails CI on a wrong import.
 *   kernel            pure: no Nest, no storage, no other lib
 *   eventstore/readstore  ports + adapters: no Nest, no domain
 *   deciders, state, rules  pure domain: no Nest, no adapter, no platform, no I/O
 *   bounded contexts  may use platform and the ports, never a storage driver directly
 */
const DECIDER_PATHS =
  '^libs/[^/]+/src/(.+[.]decider[.]ts|.+[.]state[.]ts|.+[.]events[.]ts|.+[.]commands[.]ts|.+[.]rules[.]ts|rules/.+[.]ts)$';
const STORAGE_DRIVERS = '^node_modules/(better-sqlite3|mongodb|@eventstore/db-client|mingo)/';
const ADAPTERS = '^libs/(eventstore|readstore)/src/(?!.*[.]port[.]ts$)(?!index[.]ts$).+';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'deciders-are-pure',
      comment:
        'A decider, its state, events, commands and rule sets import neither Nest nor an adapter nor I/O, nor the platform (except its pure rule-set folder libs/platform/src/rules/, itself under this rule).',
      severity: 'error',
      from: { path: DECIDER_PATHS, pathNot: '[.]spec[.]ts$' },
      to: {
        path: [
          '^node_modules/@nestjs/',
          STORAGE_DRIVERS,
          ADAPTERS,
          '^libs/platform/(?!src/rules/)',
          '^(fs|net|http|https|child_process)$',
        ],
      },
    },
    {
      name: 'kernel-is-pure',
      severity: 'error',
      from: { path: '^libs/kernel/' },
      to: { path: ['^node_modules/@nestjs/', STORAGE_DRIVERS, '^libs/(eventstore|readstore|platform|membership|evaluation)/'] },
    },
    {
      name: 'stores-know-no-domain-and-no-nest',
      severity: 'error',
      from: { path: '^libs/(eventstore|readstore)/' },
      to: { path: ['^node_modules/@nestjs/', '^libs/(platform|membership|evaluation)/'] },
    },
    {
      name: 'contexts-use-ports-not-drivers',
      comment: 'Bounded contexts reach storage only through the EventStore / ReadStore ports.',
      severity: 'error',
      from: { path: '^libs/(membership|evaluation|dashboard)/' },
      to: { path: [STORAGE_DRIVERS] },
    },
    {
      name: 'dashboard-is-a-leaf',
      comment: 'The dashboard reads both contexts; only the apps compose it, no library depends on it.',
      severity: 'error',
      from: { path: '^libs/(?!dashboard/)' },
      to: { path: '^libs/dashboard/' },
    },
    {
      name: 'contexts-are-independent',
      severity: 'error',
      from: { path: '^libs/membership/' },
      to: { path: '^libs/evaluation/' },
    },
    {
      name: 'contexts-are-independent-evaluation',
      comment: "The mirror: community evaluation knows nothing of one community's members.",
      severity: 'error',
      from: { path: '^libs/evaluation/' },
      to: { path: '^libs/membership/' },
    },
    {
      name: 'fixtures-only-in-specs',
      comment: 'Test fixtures (*.fixtures.ts) serve the specs, never production code.',
      severity: 'error',
      from: { pathNot: '([.]spec[.]ts|[.]fixtures[.]ts)$' },
      to: { path: '[.]fixtures[.]ts$' },
    },
    {
      name: 'console-imports-no-server-code',
      comment:
        "The operators' console (apps/console) is a browser app speaking to the API over HTTP only: it imports nothing from libs/ or the other apps.",
      severity: 'error',
      from: { path: '^apps/console/' },
      to: { path: ['^libs/', '^apps/(?!console/)'] },
    },
    {
      name: 'nothing-imports-the-console',
      comment: "The server does not import the console's code; it serves its built files (apps/api/src/console.ts).",
      severity: 'error',
      from: { path: '^(libs|apps/(?!console/))' },
      to: { path: '^apps/console/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^data/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
