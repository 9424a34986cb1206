import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

// The house's layers, enforced: electron only in src-main/electron, src-shared imports nothing
// outside itself, the renderer reaches main only through src-shared's contract.
const noElectron = { name: 'electron', message: 'Only src-main/electron/ may import electron, so services run in plain Node.' }
const nodeBuiltins = { group: ['node:*'], message: 'src-shared and the renderer are pure: no Node built-ins.' }

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  // CommonJS files (electron-builder's hooks are loaded with require) use require themselves.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-empty-pattern': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-indent': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [nodeBuiltins, { group: ['../../*', '**/src-main/**', '**/src-renderer/**'], message: 'src-shared imports nothing outside itself.' }],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [nodeBuiltins, { group: ['**/src-main/**', 'dockerode', 'ssh2', 'ws'], message: 'The renderer reaches main only through the contract in src-shared.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/electron/*', '**/src-renderer/**'], message: 'Services never import electron/ or the renderer.' }] }] },
  },
  {
    files: ['src-main/services/**/*.ts', 'src-main/engines/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [{ group: ['**/electron/*', '**/bridge/*', '**/rpc/*', '**/src-renderer/**'], message: 'Services never import electron/, bridge/ or rpc/.' }] },
      ],
    },
  },
)
