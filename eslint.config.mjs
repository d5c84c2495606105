// Flat config. Besides the usual TypeScript rules it enforces the monorepo's
// one architectural rule: libs never import apps, apps never import each other.
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

const appBoundaries = APPS.map((app) => ({
  files: [`apps/${app}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `(^|/)(${APPS.filter((a) => a !== app).join('|')})/(src|test)(/|$)`,
            message: 'Apps never import each other: move the shared piece into libs/.',
          },
          {
            regex: '^(\\.\\./)+libs/',
            message: 'Import libs through their @paystream/<lib> alias.',
          },
        ],
      },
    ],
  },
}));

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
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)apps/', message: 'A lib never imports an app.' },
            {
              regex: '^(\\.\\./)+libs/',
              message: 'Import other libs through their @paystream/<lib> alias.',
            },
          ],
        },
      ],
    },
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
