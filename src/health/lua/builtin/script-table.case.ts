// Test helper: runs a built-in Lua script over a table of objects (exact status and message) and the assessor contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HealthStatusCode, KubeObject } from '../../../model/index.js';
import { runAssessorContract } from '../../contract.case.js';
import { kube } from '../../make-object.case.js';
import type { HealthStatus } from '../../types.js';
import { luaAssessor } from '../lua-assessor.js';

export interface ScriptCase {
  name: string;
  spec?: unknown;
  status?: unknown;
  metadata?: Record<string, unknown>;
  want: HealthStatus;
}

export interface ScriptTable {
  apiVersion: string;
  kind: string;
  script: string;
  /** Health of an object of the kind without status. */
  noStatus: HealthStatusCode;
  cases: readonly ScriptCase[];
}

export function runScriptTable(t: ScriptTable): void {
  const [group = ''] = t.apiVersion.includes('/') ? t.apiVersion.split('/') : [''];
  const assessor = { kinds: [{ group, kind: t.kind }], ...luaAssessor(t.script) };
  const objectOf = (c: ScriptCase): KubeObject =>
    kube(t.apiVersion, t.kind, {
      ...(c.spec === undefined ? {} : { spec: c.spec }),
      ...(c.status === undefined ? {} : { status: c.status }),
      ...(c.metadata === undefined ? {} : { metadata: c.metadata }),
    });

  test(`${t.kind} health.lua: table of cases`, async (tt) => {
    for (const c of t.cases)
      await tt.test(c.name, () => assert.deepEqual(assessor.assess(objectOf(c)), c.want));
  });

  // A Lua table cannot tell a list from a map, so a list where a map belongs is not always caught: the
  // contract then only asks for a valid code.
  runAssessorContract(assessor, {
    sample: kube(t.apiVersion, t.kind),
    noStatus: t.noStatus,
    ignoresGarbageStatus: true,
    cases: [],
  });
}
