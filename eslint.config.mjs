// @ts-check
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Not type-aware: the type-checked presets take too long on the shared 2-core machine;
// `npm run typecheck` already covers what the compiler can see.
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'docs/**', 'data/**', 'coverage/**', '**/*.js', '**/*.cjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Off: the house writes paired updates as comma sequences, `(queued[x] = 1), queue.push(x)`, which this rule reports.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // Libraries report through events, errors and the api's logger, never the console.
    files: ['libs/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Tests may reach into shapes loosely and poke at internals.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.int-spec.ts', 'test/**/*.ts', 'libs/*/src/conformance/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // toEqual([]) passes for [undefined, …]: a list of missing values would look empty.
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='toEqual'][callee.object.property.name!='not'] > ArrayExpression.arguments[elements.length=0]", message: 'use toStrictEqual([]) or toHaveLength(0): toEqual([]) also passes for [undefined]' },
        { selector: "CallExpression[callee.property.name='toEqual'][callee.object.property.name!='not'] > ObjectExpression.arguments > Property > ArrayExpression[elements.length=0]", message: 'use toStrictEqual: toEqual({ list: [] }) also passes for { list: [undefined] }' },
      ],
    },
  },
);
