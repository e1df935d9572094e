// Lint for what bites: floating promises, type-only imports, import cycles and module boundaries.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'libs/proto-ts/src/gen/**',
      '.nx/**',
      '.vprog/**',
      'models/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { '@nx': nx, 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js'] })] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'Program text is never evaluated as host code.' },
        { selector: "NewExpression[callee.name='Function']", message: 'Program text is never evaluated as host code.' },
      ],
      'import-x/no-cycle': ['error', { maxDepth: 8 }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Generated contracts import nothing of ours.
            { sourceTag: 'type:generated', onlyDependOnLibsWithTags: [] },
            // Domain libraries are transport-free: no gRPC, no ONNX runtime, no OpenTelemetry SDK.
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: ['@grpc/*', 'grpc-health-check', 'onnxruntime-node', '@opentelemetry/sdk-*', '@opentelemetry/instrumentation*', '@opentelemetry/exporter-*'],
            },
            { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:transport', onlyDependOnLibsWithTags: ['type:domain', 'type:transport', 'type:generated'] },
            // Services never import services.
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:domain', 'type:runtime', 'type:transport', 'type:generated'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:runtime', 'type:transport', 'type:generated', 'type:service'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
