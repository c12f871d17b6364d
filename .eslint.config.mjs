import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', '.bench-data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Business time comes from the injected clock (docs/rules.md conventions); a stray Date.now() in domain code is a bug.
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['libs/membership/src/**/*.ts', 'libs/evaluation/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'use the injected clock (ctx.now / CLOCK)' },
      ],
    },
  },
  {
    // The operators' console (apps/console): a browser app. The same TypeScript rules, plus React's
    // rules of hooks; Node's globals are not there, and server code cannot be imported (.dependency-cruiser.js).
    files: ['apps/console/**/*.{ts,tsx,mts}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'the console runs in a browser' },
        { name: 'require', message: 'the console is an ES module bundle' },
      ],
    },
  },
  {
    // Tests read loosely typed JSON replies.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
