import { describe, expect, it } from 'vitest';
import { diffYamlTexts } from './manifest-diff.ts';
import { MASK } from './manifest.ts';
import { toYaml } from './yaml-lines.ts';
import { parse } from 'yaml';

const live = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
  resourceVersion: "123"
  uid: abc
  managedFields: [{manager: kubectl}]
spec:
  replicas: 5
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.26
status:
  readyReplicas: 5
`;
const desired = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

describe('diffYamlTexts', () => {
  it('shows changed fields and drops server-owned fields and status', () => {
    const d = diffYamlTexts(live, desired);
    const changed = d.lines.filter((l) => l.op !== 'same').map((l) => `${l.op} ${l.text.trim()}`);
    expect(changed).toEqual([
      'del replicas: 5',
      'add replicas: 3',
      'del - image: nginx:1.26',
      'add - image: nginx:1.27',
    ]);
    expect(d.changes).toBe(4);
    expect(d.lines.some((l) => l.text.includes('resourceVersion') || l.text.includes('readyReplicas'))).toBe(
      false,
    );
  });

  it('marks changes under an ignored field as ignored, not as drift', () => {
    const d = diffYamlTexts(live, desired, ['/spec/replicas']);
    const replicas = d.lines.filter((l) => l.text.includes('replicas'));
    expect(replicas.every((l) => l.meta.ignored)).toBe(true);
    expect(d.changes).toBe(2);
    expect(d.ignoredChanges).toBe(2);
  });

  it('masks Secret values on both sides, and still shows which keys changed', () => {
    const s = (pw: string, user: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata:\n  password: ${pw}\n  user: ${user}\n`;
    const d = diffYamlTexts(s('b2xk', 'YWRtaW4='), s('bmV3', 'YWRtaW4='));
    const text = d.lines.map((l) => l.text).join('\n');
    expect(text).not.toContain('b2xk');
    expect(text).not.toContain('bmV3');
    expect(text).not.toContain('YWRtaW4=');
    const pw = d.lines.filter((l) => l.text.includes('password'));
    expect(pw.map((l) => l.op)).toEqual(['del', 'add']);
    expect(pw.every((l) => l.meta.masked && l.text.includes(MASK))).toBe(true);
    expect(d.lines.find((l) => l.text.includes('user'))?.op).toBe('same');
  });
});

describe('toYaml', () => {
  it('round-trips through a YAML parser', () => {
    const v = {
      a: 'plain',
      b: 'true',
      c: '10',
      d: 'has: colon',
      e: '',
      f: [1, 'x', { g: 1, h: [] }],
      i: {},
      j: 'line1\nline2\n',
      k: null,
      'weird key': [['nested']],
      l: 'trailing ',
    };
    expect(parse(toYaml(v))).toEqual(v);
  });
});
