// Lint: typescript-eslint plus the layer table of ARCHITECTURE.md as import rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Each layer and the layers of ours it may import (common is shared by all).
const layers = {
  common: [],
  model: ['common'],
  localcluster: ['common'],
  git: ['common', 'model'],
  render: ['common', 'model', 'git'],
  kube: ['common', 'model'],
  diff: ['common', 'model'],
  health: ['common', 'model'],
  actions: ['common', 'model', 'health'],
  sync: ['common', 'model', 'kube', 'diff', 'health'],
  policy: ['common', 'model'],
  gotmpl: ['common'],
  settings: ['common', 'model'],
  notify: ['common', 'model', 'policy', 'gotmpl'],
  appset: ['common', 'model', 'git', 'kube', 'gotmpl'],
  image: ['common', 'model', 'git', 'render', 'gotmpl'],
  install: ['common', 'model'],
  controller: ['common', 'model', 'git', 'render', 'kube', 'diff', 'health', 'sync', 'policy', 'settings'],
  // The API reads through its read port and writes through its app writer (src/server/ports.ts), wired in
  // src/main: it never talks to Kubernetes itself. (Its client for the CLI, api-client*.ts, is exempt below.)
  server: ['common', 'model', 'policy', 'controller', 'diff', 'settings', 'actions'],
  main: [
    'common',
    'appset',
    'gotmpl',
    'model',
    'git',
    'render',
    'kube',
    'diff',
    'health',
    'actions',
    'sync',
    'policy',
    'settings',
    'controller',
    'server',
    'notify',
    'image',
  ],
  cli: [
    'common',
    'model',
    'localcluster',
    'git',
    'render',
    'kube',
    'diff',
    'health',
    'server',
    'controller',
    'main',
    'notify',
    'gotmpl',
    'image',
    'install',
  ],
};

// The CLI's API client lives beside the routes it calls but runs in the CLI: it may use kube's HTTPS transport.
const layerExceptions = { server: { files: ['src/server/api-client*.ts'], also: ['kube'] } };

function layerRules(layer, allowed, files = [`src/${layer}/**/*.ts`], ignores = []) {
  const forbidden = Object.keys(layers).filter((l) => l !== layer && !allowed.includes(l));
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((l) => ({
              group: [`../${l}/*`, `../../${l}/*`, `**/src/${l}/*`],
              message: `src/${layer} may not import src/${l} (see ARCHITECTURE.md layer table).`,
            })),
            ...(layer === 'common'
              ? []
              : [
                  {
                    group: ['node:child_process', 'child_process'],
                    message: 'Spawn processes only through src/common/exec.ts.',
                  },
                ]),
          ],
        },
      ],
    },
  };
}

// The UI's own layers (ui/src/<dir>; features sit one folder deeper) and what each may import. Features
// share the router of app/ and each other's parts (app-form, AdminTable); nothing else points upwards.
// The UI talks to the server only through the HTTP API (ARCHITECTURE.md): of the server's code it shares
// src/model's types and nothing else.
const uiLayers = {
  api: [],
  lib: ['api'],
  state: ['api', 'lib'],
  components: ['api', 'lib', 'state'],
  features: ['api', 'lib', 'state', 'components', 'features'],
  app: ['api', 'lib', 'state', 'components', 'features'],
};
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function uiLayerRules(layer, allowed) {
  const up = escapeRegex(layer === 'features' ? '../../' : '../');
  const forbidden = Object.keys(uiLayers).filter((l) => l !== layer && !allowed.includes(l));
  return {
    files: [`ui/src/${layer}/**/*.{ts,tsx}`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((l) => ({
              regex: `^${up}${l}/${layer === 'features' && l === 'app' ? '(?!router\\.tsx$)' : ''}`,
              message: `ui/src/${layer} may not import ui/src/${l} (see the UI layers in eslint.config.js).`,
            })),
            {
              regex: `^${up}\\.\\./(?!\\.\\./src/model/)`,
              message:
                'ui/src talks to the server only through the HTTP API: it imports nothing outside ui/src but src/model types.',
            },
            {
              regex: '/src/model/',
              allowTypeImports: true,
              message: "The UI shares src/model's types only (import type / export type).",
            },
          ],
        },
      ],
    },
  };
}

// test/e2e proves what users run: it starts Driftless through src/main (or the CLI) and drives it through the
// API, the CLI or kubectl. It may import the composition root, the CLI, the API client, model and common
// helpers and test fixtures (src/*/testing) — never parts to assemble by hand. Parts against real systems
// are tested in test/integration.
const e2eForbidden = [
  'controller',
  'kube',
  'render',
  'git',
  'sync',
  'diff',
  'health',
  'actions',
  'policy',
  'server',
  'settings',
  'appset',
  'notify',
  'image',
];
function e2eRules(files, extraForbidden, ignores = []) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Any forbidden layer, except its test fixtures (src/*/testing) and the API client.
              regex: `/src/(${[...e2eForbidden, ...extraForbidden].join('|')})/(?!testing/)(?!api-client\\.js$)`,
              message:
                'e2e tests start Driftless through src/main (runServer) or the CLI and drive it through the API, CLI or kubectl; test parts in test/integration.',
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'ui/node_modules/**',
      'ui/dist/**',
      'testdata/**',
      '**/*.mjs',
      'bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware rules on every TypeScript file (server and UI), each file checked with its own tsconfig:
  // a promise is awaited, returned or explicitly voided, and never passed where a void callback goes.
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's test/describe return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  ...Object.entries(layers).map(([layer, allowed]) =>
    layerRules(layer, allowed, undefined, layerExceptions[layer]?.files ?? []),
  ),
  ...Object.entries(layerExceptions).map(([layer, { files, also }]) =>
    layerRules(layer, [...layers[layer], ...also], files),
  ),
  // Test support may find the local cluster (kubeconfig, kubectl); tests themselves may not.
  e2eRules(['test/e2e/**/*.ts'], ['localcluster'], ['test/e2e/support/**']),
  e2eRules(['test/e2e/support/**/*.ts'], []),
  ...Object.entries(uiLayers).map(([layer, allowed]) => uiLayerRules(layer, allowed)),
);
