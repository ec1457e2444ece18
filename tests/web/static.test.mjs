// How web/ is served: the modules and strings with their types, the CSP of
// the page the same on a 200 and on a 304 (a reload), no source maps asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api } from './lib.mjs';

test('the app, its vendored modules and its strings are served with their types', async () => {
  for (const [path, type] of [['/', /^text\/html/], ['/app.js', /^text\/javascript/],
    ['/vendor/preact.mjs', /^text\/javascript/], ['/vendor/preact-hooks.mjs', /^text\/javascript/],
    ['/vendor/htm.mjs', /^text\/javascript/], ['/i18n/fa.json', /^application\/json/],
    ['/favicon.svg', /^image\/svg\+xml/], ['/students/12/edit', /^text\/html/]]) {
    const res = await api('GET', path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), type, path);
  }
  const hooks = await api('GET', '/vendor/preact-hooks.mjs');
  assert.match(hooks.text, /from"\.\/preact\.mjs"/, 'the bare "preact" import is rewritten');
});

test('a 304 of the page carries the same CSP as its 200', async () => {
  const first = await api('GET', '/');
  const again = await api('GET', '/', { headers: { 'if-none-match': first.headers.get('etag') } });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('content-security-policy'), first.headers.get('content-security-policy'));
  assert.doesNotMatch(first.headers.get('content-security-policy'), /unsafe-inline|unsafe-eval/);
});
