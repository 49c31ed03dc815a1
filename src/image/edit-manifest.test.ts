import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImageInText } from './edit-manifest.js';

describe('manifest image editor', () => {
  it('sets matching containers and init containers in every document, keeping comments', () => {
    const text = [
      '# web',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      '        - name: init',
      '          image: r.io/api:v1 # pinned',
      '      containers:',
      '        - name: api',
      '          image: r.io/api:v1',
      '        - name: side',
      '          image: r.io/sidecar:v1',
      '---',
      'kind: Pod',
      'spec:',
      '  containers:',
      '    - image: r.io/api',
      '',
    ].join('\n');
    const out = setImageInText(text, 'r.io/api', 'r.io/api:v2');
    assert.equal(out.count, 3);
    assert.equal(
      out.text,
      text.replace(/r\.io\/api:v1/g, 'r.io/api:v2').replace('image: r.io/api\n', 'image: r.io/api:v2\n'),
    );
  });

  it('leaves other images, and an image already set, untouched', () => {
    const text = 'spec:\n  containers:\n    - image: r.io/api:v2\n    - image: r.io/apix:v1\n';
    assert.deepEqual(setImageInText(text, 'r.io/api', 'r.io/api:v2'), { text, count: 0, matched: 1 });
  });
});
