// The bad-input cases of the security suite: escapes, symlinks, injection in URLs, revisions and
// paths, bombs, limits, duplicate keys, binary junk, NUL and unicode names. Shared by the offline
// run (`driftless manifests`) and the run through Applications on a server.

/** A file's content, or a symlink to a target (`$CANARY` is the canary file outside the checkout). */
export type CaseFile = string | Buffer | { symlink: string };

export interface BadInputCase {
  name: string;
  /** Files of the case's folder in the test repository. */
  files?: Record<string, CaseFile>;
  /** Overrides: `$REPO` is the test repository's URL, `$CASE` the case's folder, `$CANARY` the canary. */
  repo?: string;
  revision?: string;
  path?: string;
  /** Extra `driftless manifests` arguments (the same settings an Application's source carries). */
  args?: string[];
  /** What must happen: an error matching the pattern, a render, or either (but never a leak or crash). */
  expect: RegExp | 'renders' | 'either';
  /** Needs this tool; skipped when it is missing. */
  tool?: 'helm' | 'kustomize' | 'jsonnet';
}

const cm = (name: string, data = 'x: "1"') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  ${data}\n`;
const jsonnetCm = (expr: string) =>
  `{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' }, data: { x: ${expr} } }`;

const ESCAPED = /jsonnet failed|couldn't open import|leaves the repository|not available/;
const PATH_REFUSED =
  /leaves the repository|absolute path|not a directory|not found|does not exist|PathEscape|outside/i;
const LIMIT = /limit exceeded/;
const GIT_REFUSED = /revision|not found|unknown|invalid|cannot|refused|unsupported|failed|error/i;

/** Every way a Jsonnet program can name a file outside the checkout. */
function jsonnetEscapes(): BadInputCase[] {
  const targets: [string, string][] = [
    ['absolute', '$CANARY'],
    ['unicode escape', '\\u002f$CANARY_NOSLASH'],
    ['dot-dot', '../../../../../../../../../../../..$CANARY'],
    ['etc passwd', '/etc/passwd'],
    ['proc environ', '/proc/self/environ'],
    ['proc parent environ', '/proc/1/environ'],
    ['home kubeconfig', '/root/.kube/config'],
  ];
  const forms: [string, (p: string) => string][] = [
    ['importstr', (p) => jsonnetCm(`importstr '${p}'`)],
    ['importstr with comment', (p) => jsonnetCm(`importstr /**/ '${p}'`)],
    ['importstr verbatim', (p) => jsonnetCm(`importstr @'${p}'`)],
    ['importbin', (p) => jsonnetCm(`std.length(importbin "${p}")`)],
    ['import', (p) => jsonnetCm(`std.toString(import "${p}")`)],
  ];
  const out: BadInputCase[] = [];
  for (const [tname, target] of targets)
    for (const [fname, make] of forms)
      out.push({
        name: `jsonnet ${fname} of ${tname}`,
        files: { 'main.jsonnet': make(target) },
        // In the sandbox /proc is the tool's own: its environment holds none of the server's variables.
        expect: tname.startsWith('proc') ? 'either' : ESCAPED,
        tool: 'jsonnet',
      });
  out.push(
    {
      name: 'jsonnet nested import of a library that imports the canary',
      files: {
        'main.jsonnet': jsonnetCm("(import 'evil.txt')"),
        'evil.txt': "importstr '$CANARY'",
      },
      expect: ESCAPED,
      tool: 'jsonnet',
    },
    {
      name: 'jsonnet import through a symlink to the canary',
      files: { 'main.jsonnet': jsonnetCm("importstr 'link.txt'"), 'link.txt': { symlink: '$CANARY' } },
      expect: ESCAPED,
      tool: 'jsonnet',
    },
    {
      name: 'jsonnet TLA code importing the canary',
      files: { 'main.jsonnet': `function(x) ${jsonnetCm('x')}` },
      args: ['--jsonnet-tla-code', "x=importstr '$CANARY'"],
      expect: ESCAPED,
      tool: 'jsonnet',
    },
    {
      name: 'jsonnet ext var code importing the canary',
      files: { 'main.jsonnet': jsonnetCm("std.extVar('x')") },
      args: ['--jsonnet-ext-var-code', "x=importstr '$CANARY'"],
      expect: ESCAPED,
      tool: 'jsonnet',
    },
    {
      name: 'jsonnet library path outside the checkout',
      files: { 'main.jsonnet': jsonnetCm("importstr 'secret.txt'") },
      args: ['--jsonnet-libs', '../../../../../../$CANARY_DIR'],
      expect: PATH_REFUSED,
      tool: 'jsonnet',
    },
    {
      name: 'jsonnet absolute library path',
      files: { 'main.jsonnet': jsonnetCm("importstr 'secret.txt'") },
      args: ['--jsonnet-libs', '$CANARY_DIR'],
      expect: PATH_REFUSED,
      tool: 'jsonnet',
    },
    {
      name: 'jsonnet endless recursion',
      files: { 'main.jsonnet': 'local f(x) = f(x + 1); f(0)' },
      expect: /jsonnet failed/,
      tool: 'jsonnet',
    },
    {
      name: 'jsonnet output larger than the size limit',
      files: {
        'main.jsonnet': jsonnetCm("std.join('', std.makeArray(3000, function(i) std.repeat('x', 5000)))"),
      },
      expect: LIMIT,
      tool: 'jsonnet',
    },
    {
      name: 'jsonnet output nested deeper than the limit',
      files: {
        'main.jsonnet': `local deep(n) = if n == 0 then 1 else [deep(n - 1)]; ${jsonnetCm('deep(400)')}`,
      },
      expect: LIMIT,
      tool: 'jsonnet',
    },
  );
  return out;
}

function symlinkCases(): BadInputCase[] {
  return [
    ['manifest symlinked to the canary', { 'cm.yaml': { symlink: '$CANARY' } }],
    ['manifest symlinked to /etc/passwd', { 'cm.yaml': { symlink: '/etc/passwd' } }],
    ['manifest symlinked through dot-dot', { 'cm.yaml': { symlink: '../../../../../../../../..$CANARY' } }],
    [
      'manifest symlinked to a symlink to the canary',
      { 'a.yaml': { symlink: 'b.txt' }, 'b.txt': { symlink: '$CANARY' } },
    ],
    ['manifest symlinked to the .git config', { 'cm.yaml': { symlink: '../../.git/config' } }],
    ['json symlinked to the canary', { 'cm.json': { symlink: '$CANARY' } }],
    ['jsonnet file symlinked to the canary', { 'main.jsonnet': { symlink: '$CANARY' } }],
    [
      'kustomization resource symlinked out',
      { 'kustomization.yaml': 'resources: [cm.yaml]\n', 'cm.yaml': { symlink: '$CANARY' } },
    ],
  ].map(([name, files]) => ({
    name: name as string,
    files: files as Record<string, CaseFile>,
    expect: /leaves the repository|not found|does not exist|outside|failed|not a Kubernetes object/,
  }));
}

function pathCases(): BadInputCase[] {
  const paths: [string, string][] = [
    ['dot-dot', '../..'],
    ['deep dot-dot', 'a/../../../../../../etc'],
    ['absolute', '/etc'],
    ['canary folder', '$CANARY_DIR'],
    ['encoded dot-dot', '%2e%2e/%2e%2e'],
    ['backslashes', '..\\..\\etc'],
    ['newline', 'cases\n../../etc'],
    ['NUL byte', 'cases\u0000/../../etc'],
    ['very long', 'a/'.repeat(3000)],
    ['missing folder', 'no-such-folder'],
    ['a file, not a folder', '$CASE/cm.yaml'],
    ['right-to-left override', '$CASE/\u202etxt.yaml'],
    ['dot git', '.git'],
    ['tilde home', '~/.kube'],
    ['proc', '/proc/self'],
  ];
  return paths.map(([name, path]) => ({
    name: `source path: ${name}`,
    files: { 'cm.yaml': cm('p') },
    path,
    expect: name === 'dot git' ? 'either' : PATH_REFUSED,
  }));
}

function revisionAndUrlCases(): BadInputCase[] {
  const revisions = [
    '--upload-pack=touch $PWNED',
    '-c core.sshCommand=touch $PWNED',
    '$(touch $PWNED)',
    '`touch $PWNED`',
    'main; touch $PWNED',
    'main\ntouch $PWNED',
    'main\u0000x',
    'refs/heads/../../../../etc/passwd',
    'HEAD~100000',
    'x'.repeat(5000),
    '--output=$PWNED',
    '@{-1}',
  ];
  const urls = [
    'ext::sh -c touch% $PWNED',
    'file:///etc',
    '$CANARY_DIR',
    'file://$CANARY_DIR',
    '--upload-pack=touch $PWNED',
    'ssh://-oProxyCommand=touch%20$PWNED/x',
    'fd::17',
    'http://127.0.0.1:1/nothing.git',
    'https://user:password@127.0.0.1:1/x.git',
    '',
    'file:///dev/zero',
    'git@-oProxyCommand=touch $PWNED:x',
  ];
  return [
    ...revisions.map((revision, i) => ({
      name: `revision injection ${i + 1}: ${JSON.stringify(revision.slice(0, 30))}`,
      files: { 'cm.yaml': cm('r') },
      revision,
      expect: GIT_REFUSED,
    })),
    ...urls.map((repo, i) => ({
      name: `repository URL injection ${i + 1}: ${JSON.stringify(repo.slice(0, 30))}`,
      repo,
      expect: GIT_REFUSED,
    })),
  ];
}

function bombAndLimitCases(): BadInputCase[] {
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    laughs.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`,
    );
  }
  const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nx:\n${laughs.map((l) => `  ${l}`).join('\n')}\n`;
  const many: Record<string, CaseFile> = {};
  for (let i = 0; i < 6; i++) many[`cm-${i}.yaml`] = cm(`m${i}`);
  return [
    { name: 'YAML alias bomb', files: { 'bomb.yaml': bomb }, expect: LIMIT },
    {
      name: 'YAML alias bomb in a later document',
      files: { 'bomb.yaml': `${cm('ok')}---\n${bomb}` },
      expect: LIMIT,
    },
    {
      name: 'deep flow nesting',
      files: { 'deep.yaml': `${cm('d')}  y: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n` },
      expect: LIMIT,
    },
    {
      name: 'deep flow nesting on one JSON line',
      files: { 'deep.json': '['.repeat(50_000) + ']'.repeat(50_000) },
      expect: LIMIT,
    },
    {
      name: 'deep flow nesting after an apostrophe',
      files: { 'deep.yaml': `a: [b'c, ${'['.repeat(20_000)}${']'.repeat(20_000)}]\n` },
      expect: LIMIT,
    },
    {
      name: 'deep block nesting',
      files: { 'deep.yaml': Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') },
      expect: LIMIT,
    },
    { name: 'deep compact sequences', files: { 'deep.yaml': `${'- '.repeat(5000)}x\n` }, expect: LIMIT },
    {
      name: 'file over the combined size limit',
      files: { 'big.yaml': `${cm('big')}  y: "${'x'.repeat(10_500_000)}"\n` },
      expect: LIMIT,
    },
    {
      name: 'files over the combined size limit together',
      files: Object.fromEntries(
        Array.from({ length: 3 }, (_, i) => [
          `b${i}.yaml`,
          `${cm(`b${i}`)}  y: "${'x'.repeat(4_000_000)}"\n`,
        ]),
      ),
      expect: LIMIT,
    },
    {
      name: 'more files than the file limit',
      files: many,
      args: ['--max-manifest-files', '5'],
      expect: LIMIT,
    },
    {
      name: 'size limit set lower',
      files: { 'cm.yaml': cm('s', `y: "${'x'.repeat(2000)}"`) },
      args: ['--max-manifests-size', '1k'],
      expect: LIMIT,
    },
    { name: 'a million empty documents', files: { 'docs.yaml': '---\n'.repeat(200_000) }, expect: 'either' },
  ];
}

function junkCases(): BadInputCase[] {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
  const files: [string, CaseFile][] = [
    ['random bytes', bytes],
    ['NUL bytes', Buffer.from(`apiVersion: v1\u0000\nkind: ConfigMap\u0000\n`)],
    ['invalid UTF-8', Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0xfd, 0x0a])],
    ['UTF-16 with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cm('u16'), 'utf16le')])],
    ['PNG header', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ['a scalar document', 'just a string\n'],
    ['a list document', '- a\n- b\n'],
    ['missing kind', 'apiVersion: v1\nmetadata:\n  name: a\n'],
    ['missing name', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n'],
    ['apiVersion a number', 'apiVersion: 1\nkind: ConfigMap\nmetadata:\n  name: a\n'],
    ['metadata a list', 'apiVersion: v1\nkind: ConfigMap\nmetadata: [a]\n'],
    ['List with a scalar item', 'apiVersion: v1\nkind: List\nitems: [1, 2]\n'],
    ['tab indentation', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n'],
    ['unterminated quote', 'apiVersion: "v1\nkind: ConfigMap\n'],
    ['JSON with trailing junk', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}} }}}'],
    ['unknown YAML tag', 'apiVersion: !!binary v1\nkind: !evil ConfigMap\nmetadata:\n  name: a\n'],
    ['YAML directive junk', '%YAML 9.9\n%TAG ! tag:evil:\n---\na: 1\n'],
    ['merge key loop', 'a: &a\n  <<: *a\n'],
    ['undefined alias', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *nothing\n'],
    ['duplicate keys', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n'],
    ['duplicate objects', `${cm('dup')}---\n${cm('dup')}`],
    ['name with a NUL', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\\0b"\n'],
    ['name with a newline', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\\nb"\n'],
    ['name with right-to-left override', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\u202eb"\n'],
    [
      'name of 10,000 characters',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${'a'.repeat(10_000)}\n`,
    ],
    [
      'namespace with dot-dot',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ../kube-system\n',
    ],
    ['kind with a slash', 'apiVersion: v1\nkind: Config/Map\nmetadata:\n  name: a\n'],
    ['apiVersion with a path', 'apiVersion: ../../api/v1\nkind: ConfigMap\nmetadata:\n  name: a\n'],
    ['an empty file', ''],
    ['only separators', '---\n---\n...\n'],
    ['a 1 MB key', `${'k'.repeat(1_000_000)}: 1\n`],
    [
      '__proto__ key',
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p"},"__proto__":{"polluted":true}}',
    ],
    [
      'constructor key',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nconstructor:\n  prototype:\n    polluted: true\n',
    ],
  ];
  return files.map(([name, content]) => ({
    name: `junk: ${name}`,
    files: { 'junk.yaml': content },
    expect:
      name === 'an empty file' ||
      name === 'only separators' ||
      name.startsWith('name') ||
      name.includes('proto') ||
      name.startsWith('constructor') ||
      name.startsWith('namespace') ||
      name.startsWith('kind') ||
      name.startsWith('apiVersion with') ||
      name.startsWith('duplicate keys') ||
      name.startsWith('a 1 MB')
        ? 'either'
        : /YAML|not a Kubernetes object|duplicate|limit|invalid|error/i,
  }));
}

function unicodeNameCases(): BadInputCase[] {
  const names = [
    'é.yaml',
    '日本.yaml',
    'a b.yaml',
    '\u202eevil.yaml',
    'x\ny.yaml',
    '-rf.yaml',
    '--help.yaml',
    "it's.yaml",
    '$(touch $PWNED).yaml',
    'a;b.yaml',
  ];
  return names.map((n) => ({
    name: `file name ${JSON.stringify(n)}`,
    files: { [n]: cm(`u${names.indexOf(n)}`) },
    expect: 'renders' as const,
  }));
}

function toolCases(): BadInputCase[] {
  return [
    {
      name: 'kustomize resource outside the checkout',
      files: { 'kustomization.yaml': 'resources:\n  - ../../../../../../../..$CANARY\n' },
      expect: /leaves the repository|kustomize failed|security|outside/,
      tool: 'kustomize',
    },
    {
      name: 'kustomize absolute resource',
      files: { 'kustomization.yaml': 'resources:\n  - $CANARY\n' },
      expect: /leaves the repository|kustomize failed|absolute|outside/,
      tool: 'kustomize',
    },
    {
      name: 'kustomize configMapGenerator of the canary',
      files: { 'kustomization.yaml': 'configMapGenerator:\n  - name: g\n    files: [$CANARY]\n' },
      expect: /leaves the repository|kustomize failed|absolute|outside/,
      tool: 'kustomize',
    },
    {
      name: 'kustomize remote base',
      files: { 'kustomization.yaml': 'resources:\n  - https://127.0.0.1:1/x.git//base\n' },
      expect: /remote|refused/i,
      tool: 'kustomize',
    },
    {
      name: 'helm chart with a template symlinked to the canary',
      files: {
        'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
        'templates/cm.yaml': { symlink: '$CANARY' },
      },
      expect: /leaves the repository|symlink|outside/,
      tool: 'helm',
    },
    {
      name: 'helm .Files.Get of an absolute path',
      files: {
        'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
        'templates/cm.yaml': `${cm('h', 'x: {{ .Files.Get "$CANARY" | quote }}')}`,
      },
      expect: 'either',
      tool: 'helm',
    },
    {
      name: 'helm value file outside the checkout',
      files: { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'templates/cm.yaml': cm('v') },
      args: ['--values', '../../../../../../../..$CANARY'],
      expect: PATH_REFUSED,
      tool: 'helm',
    },
  ];
}

export function badInputCases(): BadInputCase[] {
  return [
    ...jsonnetEscapes(),
    ...symlinkCases(),
    ...pathCases(),
    ...revisionAndUrlCases(),
    ...bombAndLimitCases(),
    ...junkCases(),
    ...unicodeNameCases(),
    ...toolCases(),
  ];
}
