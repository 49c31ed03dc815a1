// Validates an Application before it is rendered: every problem becomes one line for an InvalidSpecError condition.
import type { z } from 'zod';
import type { Application } from './application.js';
import { isPlainObject } from './kube-object.js';
import { applicationShape } from './validate-application-schema.js';
import { specRuleErrors } from './validate-application-rules.js';

export type ApplicationValidation = { ok: true; app: Application } | { ok: false; errors: string[] };

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(object)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const p of path) {
    if (Array.isArray(cur) && typeof p === 'number') cur = cur[p];
    else if (isPlainObject(cur) && typeof p === 'string') cur = cur[p];
    else return undefined;
  }
  return cur;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  if (issue.code === 'invalid_type') {
    // A schema may carry its own 'required (…)' hint; otherwise the plain word says it all.
    if (value === undefined) return issue.message.startsWith('required') ? issue.message : 'required';
    return `must be ${EXPECTED[issue.expected] ?? issue.expected} (got ${describe(value)})`;
  }
  if (issue.code === 'invalid_value' && value === undefined) return `required (${issue.message})`;
  return issue.message;
}

/** Checks an Application's shape and rules; on success returns it typed. */
export function validateApplication(obj: unknown): ApplicationValidation {
  const parsed = applicationShape.safeParse(obj);
  const errors = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${formatPath(i.path)}: ${issueMessage(i, obj)}`);
  errors.push(...specRuleErrors(isPlainObject(obj) ? obj['spec'] : undefined));
  const unique = [...new Set(errors)];
  if (unique.length > 0 || !parsed.success) return { ok: false, errors: unique };
  // The schema checks every field Application's type requires, and loose objects keep the rest as written.
  return { ok: true, app: parsed.data as unknown as Application };
}
