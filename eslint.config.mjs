// @ts-check
/**
 * The linter: typescript-eslint's type-aware recommended rules on every TypeScript file, and
 * the architecture's import boundaries, which keep the layers as they are meant to be:
 * - lib/domain imports nothing of ours outside itself, and no AWS, Kafka or Lambda package;
 * - lib/ports import only the domain;
 * - lib/use-cases import no adapter, no AWS SDK, no kafkajs and no logger implementation;
 * - handlers/ hold no logic: no loops or branches of their own beyond a guard.
 * test/unit/lint/boundaries.test.ts plants forbidden imports and shows each rule catches them.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const INFRASTRUCTURE_PACKAGES = ['@aws-sdk/*', '@smithy/*', 'kafkajs', '@aws-lambda-powertools/*', '@middy/*', 'aws-lambda', 'aws-msk-iam-sasl-signer-js', 'amqplib'];

/** A no-restricted-imports rule: these patterns, with why. */
const restrict = (message, ...group) => ['error', { patterns: [{ group, message }] }];

export default tseslint.config(
  {
    ignores: ['node_modules/**', '.esbuild*/**', '.serverless/**', '.local*/**', 'localstack/.venv/**', 'deploy/.venv/**', 'coverage/**', 'test-results/**', 'admin-console/dist/**', '**/*.cjs', '**/*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './bench/tsconfig.json', './admin-console/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Fakes and fixtures implement async interfaces without awaiting anything: that is their job.
    // Jest's asymmetric matchers (expect.any, expect.objectContaining) are typed any.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off', '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
  {
    files: ['lib/domain/**/*.ts'],
    rules: { 'no-restricted-imports': restrict('lib/domain knows nothing outside itself: no other layer of ours, no AWS, Kafka or Lambda package.', '../*', ...INFRASTRUCTURE_PACKAGES) },
  },
  {
    files: ['lib/ports/**/*.ts'],
    rules: { 'no-restricted-imports': restrict('lib/ports import only the domain.', '../*', '!../domain', ...INFRASTRUCTURE_PACKAGES) },
  },
  {
    files: ['lib/use-cases/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        'lib/use-cases import no adapter, no AWS SDK, no kafkajs and no logger implementation: ask for a port instead.',
        '**/adapters/*',
        '**/observability',
        '**/middlewares/*',
        '**/http/*',
        ...INFRASTRUCTURE_PACKAGES,
      ),
    },
  },
  {
    files: ['handlers/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: ':matches(ForStatement, ForOfStatement, ForInStatement, WhileStatement, DoWhileStatement, SwitchStatement)', message: 'A handler holds no logic: put it in lib/ and call it.' },
      ],
      complexity: ['error', 4],
    },
  },
);
