// Flat config. Besides the usual TypeScript rules it enforces the monorepo's
// architecture: libs never import apps, apps never import each other, and
// what ships (apps/*/src, libs/*/src) never imports development-only code
// (dev/: real servers for tests, the demo and the stack; test helpers).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const APPS = [
  'payment-gateway',
  'pos-api',
  'toll-api',
  'outbox-relay',
  'charge-worker',
  'db-sink',
  'console',
];

// Shipped code is what `npm run build` compiles (tsconfig.build.json):
// apps/*/src and libs/*/src without their specs. It reaches dev/ neither
// through dev's aliases nor through a path (relative, or from the repository
// root through tsconfig's baseUrl).
const SPECS = ['**/*.spec.ts'];
const DEV_ONLY_MESSAGE =
  'Shipped code never imports development-only code (dev/); tests, tools, bench and scripts may.';
const DEV_ONLY = [
  { regex: '^@paystream/(dev-infra|testing)(/|$)', message: DEV_ONLY_MESSAGE },
  { regex: '^(\\./)?(\\.\\./)*dev(/|$)', message: DEV_ONLY_MESSAGE },
];

const LIB_RULES = [
  { regex: '(^|/)apps/', message: 'A lib never imports an app.' },
  {
    regex: '^(\\.\\./)+libs/',
    message: 'Import other libs through their @paystream/<lib> alias.',
  },
];

const appRules = (app) => [
  {
    regex: `(^|/)(${APPS.filter((a) => a !== app).join('|')})/(src|test)(/|$)`,
    message: 'Apps never import each other: move the shared piece into libs/.',
  },
  {
    regex: '^(\\.\\./)+libs/',
    message: 'Import libs through their @paystream/<lib> alias.',
  },
];

// A later flat-config block replaces a rule's options instead of merging
// them, so each file group gets its whole list in one entry.
const restrictImports = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

const appBoundaries = APPS.flatMap((app) => [
  { files: [`apps/${app}/**/*.ts`], rules: restrictImports(appRules(app)) },
  {
    files: [`apps/${app}/src/**/*.ts`],
    ignores: SPECS,
    rules: restrictImports([...appRules(app), ...DEV_ONLY]),
  },
]);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '**/generated/**', 'bench/results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off',
    },
  },
  { files: ['libs/**/*.ts'], rules: restrictImports(LIB_RULES) },
  {
    files: ['libs/*/src/**/*.ts'],
    ignores: SPECS,
    rules: restrictImports([...LIB_RULES, ...DEV_ONLY]),
  },
  {
    files: ['dev/**/*.ts'],
    rules: restrictImports([
      {
        regex: '(^|/)apps/',
        message: 'Development code starts apps as processes; it never imports one.',
      },
      {
        regex: '^(\\.\\./)+libs/',
        message: 'Import libs through their @paystream/<lib> alias.',
      },
    ]),
  },
  ...appBoundaries,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The console's page runs in the browser (a classic script, uPlot loaded before it).
    files: ['apps/*/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        EventSource: 'readonly',
        sessionStorage: 'readonly',
        Node: 'readonly',
        uPlot: 'readonly',
        console: 'readonly',
      },
    },
  },
);
