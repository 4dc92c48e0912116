import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['src/**/generated/', 'dist/', 'out/', 'node_modules/', 'coverage/', 'test/fixtures/**/expected/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'Focused tests never land.' },
        { object: 'it', property: 'only', message: 'Focused tests never land.' },
        { object: 'test', property: 'only', message: 'Focused tests never land.' },
        { object: 'describe', property: 'skip', message: 'Skipped tests hide failures.' },
        { object: 'it', property: 'skip', message: 'Skipped tests hide failures.' },
        { object: 'test', property: 'skip', message: 'Skipped tests hide failures.' },
      ],
    },
  },
  {
    // The services' common library is the bottom layer: the deployer and the services use
    // it, never the other way round.
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/render/**', '**/deploy/**', '**/secrets/**', '**/cli/**', '**/services/**'], message: 'src/lib must not depend on the other parts of src/.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'deployment-all'],
    languageOptions: { globals: globals.node },
  },
);
