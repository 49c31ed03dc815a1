// fasttemplate `{{ }}` replacement as ApplicationSet's non-Go templates use it (Argo CD's documented cases).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderFast } from './fasttemplate.js';

describe('renderFast', () => {
  const params = {
    cluster: 'engineering-dev',
    url: 'https://1.2.3.4',
    'metadata.labels.env': 'prod',
    'path[0]': 'apps',
  };
  test("Argo CD's list generator example", () => {
    assert.equal(renderFast('{{cluster}}-guestbook', params), 'engineering-dev-guestbook');
    assert.equal(renderFast('{{url}}', params), 'https://1.2.3.4');
  });
  test('spaces inside the tag are trimmed; dotted and indexed keys are plain keys', () => {
    assert.equal(renderFast('{{ metadata.labels.env }}/{{path[0]}}', params), 'prod/apps');
  });
  test('unresolved tags stay as written when allowed, else name the tag', () => {
    assert.equal(renderFast('a-{{ nope }}-{{}}', params, { allowUnresolved: true }), 'a-{{ nope }}-{{}}');
    assert.throws(() => renderFast('{{nope}}', params), /failed to resolve \{\{nope\}\}/);
  });
  test('a start tag without an end tag is kept as text', () => {
    assert.equal(renderFast('x {{cluster}} {{ tail', params), 'x engineering-dev {{ tail');
  });
  test('values are inserted verbatim, never re-scanned', () => {
    assert.equal(renderFast('{{a}}', { a: '{{b}}', b: 'no' }), '{{b}}');
  });
  test('no prototype keys leak in', () => {
    assert.equal(renderFast('{{constructor}}', {}, { allowUnresolved: true }), '{{constructor}}');
  });
});
