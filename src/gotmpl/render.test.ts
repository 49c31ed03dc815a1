// The Go template engine on cases taken from Go's text/template and sprig documentation, and Argo CD's functions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { render, renderMany, TemplateError } from './render.js';

describe('Go text/template (documented behaviour)', () => {
  test('fields, nested fields and maps', () => {
    assert.equal(render('{{.name}}-{{.meta.env}}', { name: 'a', meta: { env: 'prod' } }), 'a-prod');
  });
  test('missing key: default prints <no value>, zero prints the zero value of interface (also <no value>)', () => {
    assert.equal(render('[{{.nope}}]', { a: 1 }), '[<no value>]');
    assert.equal(render('[{{.nope}}]', { a: 1 }, { missingkey: 'zero' }), '[<no value>]');
  });
  test("missingkey=error fails with Go's message", () => {
    assert.throws(
      () => render('{{.nope}}', { a: 1 }, { goOptions: ['missingkey=error'] }),
      (e: unknown) =>
        e instanceof TemplateError &&
        e.phase === 'execute' &&
        /map has no entry for key "nope"/.test(e.message),
    );
  });
  test('options and definitions stay with their own template', () => {
    assert.throws(() => render('{{.x}}', {}, { missingkey: 'error' }), TemplateError);
    assert.equal(render('{{.x}}', {}), '<no value>');
    assert.equal(render('{{define "t"}}T1{{end}}{{template "t"}}', {}), 'T1');
    assert.throws(() => render('{{template "t"}}', {}), /template "t" not defined/);
  });
  test('an unknown option is reported as a parse error, not a crash', () => {
    assert.throws(
      () => render('x', {}, { goOptions: ['missingkey=bogus'] }),
      (e: unknown) => e instanceof TemplateError && e.phase === 'parse',
    );
  });
  test('JSON numbers are float64, printed as Go prints them', () => {
    assert.equal(render('{{.n}} {{.f}} {{.big}}', { n: 3, f: 1.5, big: 1e21 }), '3 1.5 1e+21');
  });
  test('if/else, range with $index, with, and variables', () => {
    assert.equal(render('{{if .on}}yes{{else}}no{{end}}', { on: false }), 'no');
    assert.equal(render('{{range $i, $e := .xs}}{{$i}}={{$e}};{{end}}', { xs: ['a', 'b'] }), '0=a;1=b;');
    assert.equal(render('{{with .m}}{{.k}}{{end}}', { m: { k: 'v' } }), 'v');
    assert.equal(render('{{range $k, $v := .m}}{{$k}}:{{$v}},{{end}}', { m: { b: 2, a: 1 } }), 'a:1,b:2,');
  });
  test('trim markers and comments', () => {
    assert.equal(render('{{- /* c */ -}}  a  {{- " b" }}', {}), 'a b');
  });
  test('builtins: printf, len, index, eq/and/or, html, js, urlquery', () => {
    assert.equal(render('{{printf "%05.1f|%q" 3.14159 "x"}}', {}), '003.1|"x"');
    assert.equal(
      render('{{len .xs}} {{index .xs 1}} {{index .m "k"}}', { xs: [1, 2], m: { k: 'v' } }),
      '2 2 v',
    );
    assert.equal(render('{{if and (eq .a "x") (or false .b)}}ok{{end}}', { a: 'x', b: 'y' }), 'ok');
    assert.equal(render('{{html "<a&b>"}} {{urlquery "a b&c"}}', {}), '&lt;a&amp;b&gt; a+b%26c');
  });
  test('JSON numbers are float64: eq with an int literal is an error in Go, and so here', () => {
    assert.throws(
      () => render('{{ eq .a 1 }}', { a: 1 }),
      (e: unknown) => e instanceof TemplateError && /incompatible types for comparison/.test(e.message),
    );
    assert.equal(render('{{ eq .a 1.0 }}', { a: 1 }), 'true');
  });
  test('a parse error names the line, as Go does', () => {
    assert.throws(
      () => render('line1\n{{ .a ', {}),
      (e: unknown) =>
        e instanceof TemplateError && e.phase === 'parse' && /template: :2: unclosed action/.test(e.message),
    );
  });
  test('calling an undefined function is a parse error', () => {
    assert.throws(
      () => render('{{nope 1}}', {}),
      (e: unknown) => e instanceof TemplateError && /function "nope" not defined/.test(e.message),
    );
  });
  test('renderMany keeps one outcome per template, errors as values', () => {
    const out = renderMany(['{{.a}}', '{{', '{{.b}}'], { a: 'x', b: 'y' });
    assert.deepEqual(
      out.map((o) => (o.ok ? o.value : o.error.phase)),
      ['x', 'parse', 'y'],
    );
  });
});

describe('sprig (documented examples)', () => {
  const cases: [string, unknown, string][] = [
    ['{{ "hello" | upper | repeat 2 }}', {}, 'HELLOHELLO'],
    ['{{ trim "   hello    " }}', {}, 'hello'],
    ['{{ trunc 5 "hello world" }}', {}, 'hello'],
    ['{{ "hello" | quote }}', {}, '"hello"'],
    ['{{ .missing | default "foo" }}', {}, 'foo'],
    ['{{ list 1 2 3 | join "-" }}', {}, '1-2-3'],
    ['{{ "foo bar" | replace " " "-" }}', {}, 'foo-bar'],
    ['{{ splitList "$" "foo$bar$baz" | last }}', {}, 'baz'],
    ['{{ dict "a" 1 "b" 2 | keys | sortAlpha | toJson }}', {}, '["a","b"]'],
    ['{{ add 1 2 | mul 3 }}', {}, '9'],
    ['{{ "hello" | b64enc }}', {}, 'aGVsbG8='],
    [
      '{{ sha256sum "Hello world!" }}',
      {},
      'c0535e4be2b79ffd93291305436bf889314e4a3faec05ecffcbb7df31ad9e51a',
    ],
    ['{{ semverCompare ">=1.2.3" "1.2.4" }}', {}, 'true'],
    ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}', {}, '-W-xxW-'],
    ['{{ ternary "yes" "no" true }}', {}, 'yes'],
    ['{{ .x | toJson }}', { x: { b: [1, 'two'] } }, '{"b":[1,"two"]}'],
    ['{{ indent 2 "a\\nb" }}', {}, '  a\n  b'],
    ['{{ kebabcase "FirstName" }}', {}, 'first-name'],
  ];
  for (const [tpl, data, want] of cases) test(tpl, () => assert.equal(render(tpl, data), want));

  test('env and expandenv are removed, as Argo CD removes them', () => {
    assert.throws(() => render('{{ env "HOME" }}', {}), TemplateError);
    assert.throws(() => render('{{ expandenv "$HOME" }}', {}), TemplateError);
  });
  test('fail is an execution error carrying the message', () => {
    assert.throws(
      () => render('{{ fail "nope here" }}', {}),
      (e: unknown) => e instanceof TemplateError && /nope here/.test(e.message),
    );
  });
});

describe("Argo CD ApplicationSet's extra functions", () => {
  test('normalize makes a DNS-1123 name', () => {
    assert.equal(
      render('{{ normalize .n }}', { n: 'My_Cluster.Prod!' }, { funcs: 'appset' }),
      'my-cluster.prod',
    );
  });
  test("slugify is Argo CD's: 50 characters at a word boundary by default, [maxLength [smartTruncate]] text", () => {
    const branch = { b: 'Feat/A-really-long_pull request-name!' };
    const out = (t: string) => render(t, branch, { funcs: 'appset' });
    assert.equal(out('{{ slugify .b }}'), 'feat-a-really-long_pull-request-name');
    assert.equal(out('{{ .b | slugify 23 }}'), 'feat-a-really-long_pull');
    assert.equal(out('{{ slugify 20 .b }}'), 'feat-a-really');
    assert.equal(out('{{ slugify 20 false .b }}'), 'feat-a-really-long_p');
    assert.throws(() => out('{{ slugify "20" .b }}'), /slugify takes \[maxLength int\]/);
  });
  test('toYaml and fromYaml round-trip', () => {
    assert.equal(render('{{ toYaml .v }}', { v: { a: [1, 'x'] } }, { funcs: 'appset' }), 'a:\n- 1\n- x');
    assert.equal(render('{{ (fromYaml .s).a.b }}', { s: 'a: {b: c}' }, { funcs: 'appset' }), 'c');
    assert.equal(render('{{ index (fromYamlArray .s) 1 }}', { s: '[x, z]' }, { funcs: 'appset' }), 'z');
    // sigs.k8s.io/yaml reads YAML 1.1, where a bare y is a boolean: the real engine keeps that quirk.
    assert.equal(render('{{ index (fromYamlArray .s) 1 }}', { s: '[x, y]' }, { funcs: 'appset' }), 'true');
  });
  test('appset functions are not in the plain sprig set', () => {
    assert.throws(() => render('{{ normalize "a" }}', {}), TemplateError);
  });
});
