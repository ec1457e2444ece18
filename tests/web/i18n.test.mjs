// The strings: every language has every key, every key the code uses exists,
// every enum value has a label, every problem code of src/core/problems.h has
// a sentence and a line in docs/errors.md, placeholders agree; the CSS
// mirrors itself (logical properties only); nothing the CSP would block is in
// the markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ENUMS, enumKey } from '../../web/lib/enums.js';

const WEB = path.resolve('web');
const LANGS = ['fa', 'vi', 'en'];
const strings = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(path.join(WEB, 'i18n', `${l}.json`), 'utf8'))]));

function sources(dir = WEB) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (name === 'vendor' || name === 'i18n') continue;
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (name.endsWith('.js')) out.push(full);
  }
  return out;
}

test('every language has the same keys', () => {
  for (const l of LANGS) {
    for (const other of LANGS) {
      const missing = Object.keys(strings[other]).filter((k) => !(k in strings[l]));
      assert.deepEqual(missing, [], `${l}.json lacks keys that ${other}.json has`);
    }
    const empty = Object.entries(strings[l]).filter(([, v]) => typeof v !== 'string' || !v.trim());
    assert.deepEqual(empty, [], `${l}.json has empty strings`);
  }
});

test('every key used in the code exists in every language', () => {
  const used = new Map();
  for (const file of sources()) {
    // lib/i18n.js defines t(), label() and problemText(): labels of values go
    // through label() and problem codes through problemText(), checked by the
    // enum test below; a computed t() key anywhere else would hide from this test.
    if (file.endsWith(path.join('lib', 'i18n.js'))) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*(['"`])([^'"`]*)\1/g)) used.set(m[2], path.relative(WEB, file));
    const computed = [...text.matchAll(/\bt\(\s*(?!['"][^'"`]*['"])[^)]/g)];
    assert.deepEqual(computed.map((m) => m[0]), [], `${file}: t() with a computed key`);
  }
  assert.ok(used.size > 100, `found only ${used.size} keys: is the scan broken?`);
  for (const l of LANGS) {
    const missing = [...used].filter(([k]) => !(k in strings[l])).map(([k, f]) => `${k} (${f})`);
    assert.deepEqual(missing, [], `keys missing from ${l}.json`);
  }
});

test('every enum value has a label in every language', () => {
  for (const l of LANGS) {
    const missing = [];
    for (const [prefix, values] of Object.entries(ENUMS)) {
      for (const v of values) if (!(enumKey(prefix, v) in strings[l])) missing.push(enumKey(prefix, v));
    }
    assert.deepEqual(missing, [], `labels missing from ${l}.json`);
  }
});

// The codes of src/core/problems.h, each once: X(NAME, err, status, "code", "sentence").
function problemCodes() {
  const text = readFileSync(path.resolve('src', 'core', 'problems.h'), 'utf8');
  const codes = [...text.matchAll(/^\s*X\(\s*\w+\s*,\s*\w+\s*,\s*\d{3}\s*,\s*"([a-z0-9_]+)"/gm)].map((m) => m[1]);
  return [...new Set(codes)];
}

test('every problem code has a sentence in every language', () => {
  const codes = problemCodes();
  assert.ok(codes.length > 100, `found only ${codes.length} codes in src/core/problems.h: is the scan broken?`);
  const missing = [];
  for (const code of codes) {
    for (const l of LANGS) {
      const s = strings[l][`error.${code}`];
      if (typeof s !== 'string' || !s.trim()) missing.push(`${l}: error.${code}`);
    }
  }
  assert.deepEqual(missing, [], 'problem codes without a sentence');
});

test('docs/errors.md lists every problem code', () => {
  const codes = problemCodes();
  assert.ok(codes.length > 100, `found only ${codes.length} codes in src/core/problems.h: is the scan broken?`);
  const doc = readFileSync(path.resolve('docs', 'errors.md'), 'utf8');
  const missing = codes.filter((code) => !doc.includes(`\`${code}\``));
  assert.deepEqual(missing, [], 'problem codes missing from docs/errors.md');
});

test('placeholders agree across languages', () => {
  const places = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const k of Object.keys(strings.en)) {
    for (const l of LANGS) assert.equal(places(strings[l][k]), places(strings.en[k]), `${l}: ${k}`);
  }
});

test('the CSS uses logical properties only, so right-to-left mirrors', () => {
  const css = readFileSync(path.join(WEB, 'style.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const physical = css.match(/(^|[;{\s])(margin|padding|border)-(left|right)\b|(^|[;{\s])(left|right)\s*:|float\s*:\s*(left|right)|text-align\s*:\s*(left|right)/gm);
  assert.equal(physical, null, `physical properties: ${physical}`);
});

test('no inline scripts, handlers or styles (the CSP allows none)', () => {
  const files = [path.join(WEB, 'index.html'), ...sources()];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/i, `${f}: inline <script>`);
    assert.doesNotMatch(text, /\son[a-z]+=["']/i, `${f}: inline event handler`);
    assert.doesNotMatch(text, /\sstyle=["'{$]/i, `${f}: inline style`);
    assert.doesNotMatch(text, /\b(eval|new Function)\(/, `${f}: eval`);
  }
});
