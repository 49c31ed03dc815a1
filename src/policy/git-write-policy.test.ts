import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbortError } from '../common/errors.js';
import type { AppProject } from '../model/index.js';
import { ANNOTATION_GIT_WRITE, gitWritePolicy } from './git-write-policy.js';

const project = (value?: string): AppProject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: {
    name: 'team',
    ...(value !== undefined ? { annotations: { [ANNOTATION_GIT_WRITE]: value } } : {}),
  },
  spec: {},
});

test('direct unless the project asks for review; an unknown value is refused, not guessed', () => {
  assert.equal(gitWritePolicy(undefined), 'direct');
  assert.equal(gitWritePolicy(project()), 'direct');
  assert.equal(gitWritePolicy(project('direct')), 'direct');
  assert.equal(gitWritePolicy(project(' review ')), 'review');
  assert.throws(
    () => gitWritePolicy(project('reviewed')),
    (e: unknown) => e instanceof AbortError && /must be direct or review/.test(e.message),
  );
});
