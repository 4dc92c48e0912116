import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The template engine reaches Nunjucks' internals through one module only, which checks the
// installed version (src/render/engine/nunjucks-adapter.ts); nothing else may touch them.
const NUNJUCKS_ADAPTER = 'src/render/engine/nunjucks-adapter.ts';
const nunjucksMessage = 'Use Nunjucks only through src/render/engine/nunjucks-adapter.ts (it checks the pinned version).';
const nunjucksImports = { paths: [{ name: 'nunjucks', message: nunjucksMessage }], patterns: [{ group: ['nunjucks/*'], message: nunjucksMessage }] };
// Nunjucks' private members (compiler emitter, scope bookkeeping, tokenizer) that the engine once used directly.
const NUNJUCKS_PRIVATES =
  '_emit|_emitLine|_emitLines|_emitFuncBegin|_emitFuncEnd|_pushBuffer|_popBuffer|_tmpid|_scopeClosers|_addScopeLevel|_closeScopeLevels|_withScopedSyntax|_templateName|_compileChildren|_compileGetTemplate|_compileAggregate|_compileExpression|_compileMacro|_makeCallback|_getNodeName|_binOpEmitter|_emitLoopBindings|_compileAsyncLoop|_parseString|codebuf';

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
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    // The plain-Nunjucks benchmark compares against the public API only.
    ignores: [NUNJUCKS_ADAPTER, 'src/render/engine/nunjucks-adapter.test.ts', 'src/render/engine/engine.bench.ts'],
    rules: {
      'no-restricted-imports': ['error', nunjucksImports],
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[arguments.0.value=/^nunjucks($|\\/)/]', message: nunjucksMessage },
        { selector: `MemberExpression[property.name=/^(${NUNJUCKS_PRIVATES})$/]`, message: nunjucksMessage },
        { selector: `TSPropertySignature[key.name=/^(${NUNJUCKS_PRIVATES})$/]`, message: nunjucksMessage },
        { selector: `TSMethodSignature[key.name=/^(${NUNJUCKS_PRIVATES})$/]`, message: nunjucksMessage },
        // The environment is set up through its public API (addFilter, addTest, addGlobal) or in the adapter.
        {
          selector: 'AssignmentExpression > MemberExpression.left > MemberExpression.object[property.name=/^(tests|filters|globals)$/]',
          message: nunjucksMessage,
        },
        { selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(jj|getTemplate)$/]', message: nunjucksMessage },
      ],
    },
  },
  {
    files: ['src/render/engine/engine.bench.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: nunjucksImports.patterns }] },
  },
  {
    // The services' common library is the bottom layer: the deployer and the services use
    // it, never the other way round.
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nunjucksImports.paths,
          patterns: [
            {
              group: ['**/render/**', '**/deploy/**', '**/secrets/**', '**/cli/**', '**/services/**'],
              message: 'src/lib must not depend on the other parts of src/.',
            },
            ...nunjucksImports.patterns,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'deployment-all'],
    languageOptions: { globals: globals.node },
  },
);
