// ESLint flat config: recommended JS and TypeScript rules, plus the project's boundaries.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import { builtinModules } from 'node:module'
import prettierConfig from 'eslint-config-prettier'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'))

// What no file of the pure core may import, its tests included.
const appImports = {
  paths: ['electron', 'react', 'react-dom', 'better-sqlite3', 'node-llama-cpp'].map((name) => ({
    name,
    message:
      'src/core is pure: no Electron, React or native modules. Pass what it needs in from src/main or src/renderer.',
  })),
  patterns: [
    { group: ['electron/*', 'react/*', 'react-dom/*'], message: 'src/core is pure: no Electron or React.' },
    {
      regex: '^(\\.\\./)+(main|renderer|preload)(/|$)',
      message: 'src/core must not import the app: the app imports the core.',
    },
  ],
}

// Node itself, allowed only in the core's tests (which read the shipped model files).
const nodeImports = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'src/core runs in the renderer too: no Node built-ins.' })),
  patterns: [{ group: ['node:*'], message: 'src/core runs in the renderer too: no Node built-ins.' }],
}

// IPC goes through the typed contract.
const ipcImports = [
  {
    name: 'electron',
    importNames: ['ipcMain', 'ipcRenderer'],
    message: 'Use the typed contract: ipcMain only in src/main/ipc, ipcRenderer only in src/preload.',
  },
]

// What src/main/services and src/main/runs may not import: the command line is built on them, not they on it.
const cliImports = {
  regex: '^\\.{1,2}/(.*/)?cli(/|$)',
  message: 'src/main/services and src/main/runs must not import src/main/cli: move what both need into src/main/runs.',
}

const nodeGlobals = Object.fromEntries(
  ['require', 'module', 'exports', 'process', 'console', '__dirname', '__filename'].map((name) => [name, 'readonly']),
)

export default defineConfig(
  { ignores: ['out/', 'resources/', 'dist/', '.ci-results/', '.bench/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  prettierConfig,
  {
    // Hooks called in a fixed order, with every value an effect or memo reads in its dependencies.
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests may use `any` to build deliberately malformed input and to read untyped JSON output.
    files: ['**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // IPC goes through the typed contract: raw ipcMain/ipcRenderer only in the bridge and the preload.
    files: ['**/*.{ts,tsx,mts,cts}'],
    ignores: ['src/main/ipc/**', 'src/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ipcImports }],
    },
  },
  {
    // Run orchestration serves the CLI, the app and the web mode alike; only the CLI imports the CLI.
    // (Flat config replaces a rule's options per file, so the IPC rule is repeated here.)
    files: ['src/main/services/**', 'src/main/runs/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ipcImports, patterns: [cliImports] }] },
  },
  {
    files: ['src/core/**'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...appImports.paths, ...nodeImports.paths],
          patterns: [...appImports.patterns, ...nodeImports.patterns],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', appImports] },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded generator in src/core/rng.ts: the same seed must give the same run.',
        },
      ],
    },
  },
)
