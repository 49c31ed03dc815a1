// sourcePositions + revisions as Argo CD pairs them, refused clearly when they cannot apply to the app.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Application } from '../model/index.js';
import { HttpError } from './http-error.js';
import { sourceRevisions } from './source-revisions.js';

const app = (sources: number): Application => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'web' },
  spec: {
    project: 'default',
    destination: {},
    ...(sources === 0
      ? { source: { repoURL: 'https://git.example/r.git', path: '.' } }
      : {
          sources: Array.from({ length: sources }, (_, i) => ({ repoURL: `https://git.example/${i}.git` })),
        }),
  },
});
const q = (s: string) => new URLSearchParams(s);
const refused = (pattern: RegExp) => (e: unknown) =>
  e instanceof HttpError && e.status === 400 && pattern.test(e.message);

describe('sourceRevisions', () => {
  it('pins the positions given (1-based, repeated or comma-separated) and keeps the others', () => {
    assert.deepEqual(sourceRevisions(app(3), q('sourcePositions=3&revisions=v2')), {
      revisions: ['', '', 'v2'],
    });
    assert.deepEqual(sourceRevisions(app(3), q('sourcePositions=1,3&revisions=a&revisions=b')), {
      revisions: ['a', '', 'b'],
    });
    assert.deepEqual(sourceRevisions(app(2), q('')), { revision: undefined });
  });

  it('takes revision for a single source, and position 1 as the same thing', () => {
    assert.deepEqual(sourceRevisions(app(0), q('revision=main')), { revision: 'main' });
    assert.deepEqual(sourceRevisions(app(0), q('sourcePositions=1&revisions=v1')), { revision: 'v1' });
    assert.deepEqual(sourceRevisions(app(1), q('revision=v1')), { revision: 'v1' });
  });

  it('refuses what cannot apply, saying what to give instead', () => {
    assert.throws(() => sourceRevisions(app(2), q('revision=main')), refused(/has 2 sources: say which/));
    assert.throws(
      () => sourceRevisions(app(2), q('sourcePositions=1,2&revisions=a')),
      refused(/got 2 positions and 1 revisions/),
    );
    assert.throws(
      () => sourceRevisions(app(2), q('sourcePositions=3&revisions=a')),
      refused(/position 3 is not a source of web: it has 2 sources/),
    );
    assert.throws(
      () => sourceRevisions(app(0), q('sourcePositions=2&revisions=a')),
      refused(/it has a single source/),
    );
    assert.throws(() => sourceRevisions(app(2), q('sourcePositions=x&revisions=a')), refused(/position x/));
    assert.throws(
      () => sourceRevisions(app(2), q('sourcePositions=1,1&revisions=a&revisions=b')),
      refused(/given twice/),
    );
    assert.throws(
      () => sourceRevisions(app(2), q('revision=a&sourcePositions=1&revisions=b')),
      refused(/excludes/),
    );
  });
});
