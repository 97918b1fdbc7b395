// One flat config for the whole monorepo; each workspace runs `eslint .` against it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/scratch/**',
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/data/**',
      'e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    // shared/ is used by browser and server alike: it may not reach into either side,
    // nor use Node-only modules.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@pilotis/client',
                '@pilotis/client/*',
                '@pilotis/server',
                '@pilotis/server/*',
              ],
              message: 'shared/ must not import from client/ or server/.',
            },
            {
              group: ['**/client/**', '**/server/**'],
              message: 'shared/ must not import from client/ or server/.',
            },
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'react', 'react-dom'],
              message: 'shared/ stays free of Node-only and DOM-only modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // Type-checked rules (issue 10): a promise is awaited, returned or explicitly voided, and never
    // handed where a plain callback is expected.
    files: ['{client,server,shared,e2e}/**/*.{ts,tsx}'],
    ignores: ['*/*.config.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        // React event handlers may be async; what they return is ignored by design.
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
