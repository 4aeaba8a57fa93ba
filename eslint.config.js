// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noImportCycle from './eslint-rules/no-import-cycle.js';

/**
 * Layers (ARCHITECTURE.md): model <- net <- ingest <- solver <- checks <- report <- cli / action.
 * (checks/config: .sglint.yml, presets, suppressions, baselines, custom rules; checks/pipeline: scan and diff.)
 * A module imports only from layers to its left; rules/ import only the rule API.
 */
const LAYERS = ['model', 'net', 'ingest', 'solver', 'checks', 'report', 'cli', 'action'];
const RIGHT_OF = {
  model: ['net', 'ingest', 'solver', 'checks', 'report', 'cli', 'action'],
  net: ['model', 'ingest', 'solver', 'checks', 'report', 'cli', 'action'],
  ingest: ['solver', 'checks', 'report', 'cli', 'action'],
  solver: ['checks', 'report', 'cli', 'action'],
  checks: ['report', 'cli', 'action'],
  report: ['cli', 'action'],
  cli: ['action'],
  action: ['cli'],
};

const layerRules = LAYERS.map((layer) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: RIGHT_OF[layer].flatMap((l) => [`**/${l}/*`, `**/${l}/**`]), message: `src/${layer} may import only from layers to its left (ARCHITECTURE.md: model <- net <- ingest <- solver <- checks <- report <- cli / action).` },
        ...(layer === 'cli' || layer === 'action' ? [] : [{ regex: '(^|/)rules/', message: 'only the CLI and action load the rule catalog.' }]),
      ],
    }],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.bench/**', 'test-data/**', 'fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['error', { max: 450, skipBlankLines: true, skipComments: true }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...layerRules,
  { files: ['src/**/*.ts', 'rules/**/*.ts'], plugins: { sglint: { rules: { 'no-import-cycle': noImportCycle } } }, rules: { 'sglint/no-import-cycle': 'error' } },
  {
    files: ['rules/**/*.ts'],
    ignores: ['rules/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^\\.\\./src/(?!checks/index\\.js$)', message: 'rules import only the rule API (../src/checks/index.js).' }],
        paths: ['fs', 'node:fs', 'child_process', 'node:child_process', 'path', 'node:path'].map((name) => ({ name, message: 'rules read the model, never files or processes.' })),
      }],
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
