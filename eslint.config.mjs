import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/out-tsc/**',
      '.nx/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Apps compose libs and never import each other.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            // Contracts are the wire: pure, importing nothing of ours.
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // The web console reaches the platform only through libs (the generated API client).
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:lib'] },
            // A host composes several services in one process (the embedded platform): apps and libs.
            { sourceTag: 'type:host', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
            // The workspace root (its scripts/: the migration runner, service builds) uses libs only.
            { sourceTag: 'type:workspace', onlyDependOnLibsWithTags: ['type:lib'] },
            // Repository checks, end-to-end tests and the simulator read apps, hosts, libs and each other.
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'type:host', 'type:tool'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
