// The public knowledge base (issue 18, su-desk): search and read without a
// session in fa/vi/en with the registry's folding, writes by a
// ministry_admin, "did this solve it" counted. Rules: docs/support.md,
// "Knowledge base and canned answers"; src/domain/support/article.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { api, admin, assertProblem, school, uniq, userWithRole } from '../lib.mjs';
import { assertDocumented } from './spec.mjs';

const DIR = new URL('../../../data/support/articles/', import.meta.url);
const seeds = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')));
let root, vn, vnAdmin, officer;

function body(over = {}) {
  const slug = uniq('kb-').toLowerCase();
  return {
    slug, category: 'account',
    texts: { en: { title: `Title ${slug}`, body: 'Body text.' }, vi: { title: `Tiêu đề ${slug}`, body: 'Nội dung.' } },
    ...over,
  };
}

before(async () => {
  root = await admin();
  vn = await school(root, { country: 'VN' });
  vnAdmin = await userWithRole('ministry_admin', vn.ministry);
  officer = await userWithRole('district_officer', vn.district);
  // The documented way to load the seed articles: PUT each file as it is.
  for (const s of seeds) {
    const res = await api('PUT', `/api/v1/support/articles/${s.slug}`, { token: root, body: s });
    assert.ok(res.status === 201 || res.status === 200, res.text);
    assert.equal(res.json.slug, s.slug);
  }
});

test('the seed: at least 8 articles, each whole in fa, vi and en', async () => {
  assert.ok(seeds.length >= 8);
  for (const s of seeds) {
    const res = await api('GET', `/api/v1/support/articles/${s.slug}?lang=vi`);
    assert.equal(res.status, 200, res.text);
    for (const l of ['fa', 'vi', 'en']) {
      assert.equal(res.json.texts[l].title, s.texts[l].title, `${s.slug} ${l}`);
      assert.ok(res.json.texts[l].body.length > 200, `${s.slug} ${l} says something`);
    }
    assert.equal(res.json.lang, 'vi');
    assert.equal(res.json.title, s.texts.vi.title);
    assertDocumented(res, '/api/v1/support/articles/{slug}', 'GET');
    assert.deepEqual(res.json.feedback, { solved: res.json.feedback.solved, not_solved: res.json.feedback.not_solved });
  }
  const slugs = seeds.map((s) => s.slug);
  for (const want of ['reset-password-school-code', 'where-is-my-transfer', 'verify-signed-record',
    'exam-registration-deadline', 'how-fees-are-set', 'who-sees-my-childs-data',
    'attendance-corrections', 'how-support-escalates']) assert.ok(slugs.includes(want), want);
});

const found = async (q, lang) => {
  const res = await api('GET', `/api/v1/support/articles?q=${encodeURIComponent(q)}${lang ? `&lang=${lang}` : ''}`);
  assert.equal(res.status, 200, res.text);
  return res.json.items;
};

test('search without a session folds as the registry does', async () => {
  // Arabic kaf and yeh in the query find the Persian text written with ک and ی.
  let items = await found('كد بازيابي', 'fa');
  assert.equal(items[0]?.slug, 'reset-password-school-code', JSON.stringify(items));
  assert.equal(items[0].lang, 'fa');
  // Persian digits and ASCII digits are one.
  const a = (await found('۱۴ روز', 'fa')).map((i) => i.slug);
  const b = (await found('14 روز', 'fa')).map((i) => i.slug);
  assert.ok(a.includes('reset-password-school-code'));
  assert.deepEqual(a, b);
  // Vietnamese without its marks finds "đăng nhập"; without lang the hit is shown in Vietnamese.
  items = await found('dang nhap');
  const hit = items.find((i) => i.slug === 'reset-password-school-code');
  assert.ok(hit, JSON.stringify(items));
  assert.equal(hit.lang, 'vi');
  assert.match(hit.title, /Đặt lại mật khẩu/);
  // Every word must be there; case does not matter; the title's words rank first.
  items = await found('TRANSFER pending', 'en');
  assert.equal(items[0].slug, 'where-is-my-transfer');
  assert.deepEqual(await found('transfer zzzqqq', 'en'), []);
  assert.ok(typeof items[0].excerpt === 'string' && items[0].excerpt.length <= 161);
  assertDocumented(await api('GET', '/api/v1/support/articles?q=transfer'), '/api/v1/support/articles', 'GET');
  assertProblem(await api('GET', `/api/v1/support/articles?q=${'x'.repeat(201)}`), 422, 'too_long', 'q');
  // Filters: category, country, limit; bad values are 422 with the field.
  const exams = await api('GET', '/api/v1/support/articles?category=exams&lang=en');
  assert.deepEqual(exams.json.items.map((i) => i.slug), ['exam-registration-deadline']);
  const two = await api('GET', '/api/v1/support/articles?lang=en&limit=2');
  assert.equal(two.json.items.length, 2);
  assertProblem(await api('GET', '/api/v1/support/articles?lang=de'), 422, 'invalid', 'lang');
  assertProblem(await api('GET', '/api/v1/support/articles?country=FR'), 422, 'invalid', 'country');
  assertProblem(await api('GET', '/api/v1/support/articles?limit=0'), 422, 'out_of_range');
  assertProblem(await api('GET', '/api/v1/support/articles/no-such-article'), 404, 'not_found');
  assertProblem(await api('GET', '/api/v1/support/articles/verify-signed-record?lang=xx'), 422, 'invalid', 'lang');
});

test('a ministry_admin writes; others may not; bad input changes nothing', async () => {
  const b = body();
  assertProblem(await api('POST', '/api/v1/support/articles', { body: b }), 401);
  assertProblem(await api('POST', '/api/v1/support/articles', { token: officer.token, body: b }), 403, 'forbidden');
  const made = await api('POST', '/api/v1/support/articles', { token: root, body: b });
  assert.equal(made.status, 201, made.text);
  assertDocumented(made, '/api/v1/support/articles', 'POST');
  assert.equal(made.json.published, true);
  assert.equal(made.json.category, 'account');
  assert.equal(made.json.country, null);
  assertProblem(await api('POST', '/api/v1/support/articles', { token: root, body: b }), 409, 'article_exists', 'slug');
  // PUT replaces: the Vietnamese text goes, the English one changes.
  const put = await api('PUT', `/api/v1/support/articles/${b.slug}`, { token: root, body: { texts: { en: { title: 'Renamed', body: 'New body' } } } });
  assert.equal(put.status, 200, put.text);
  assertDocumented(put, '/api/v1/support/articles/{slug}', 'PUT');
  const got = await api('GET', `/api/v1/support/articles/${b.slug}`);
  assert.deepEqual(Object.keys(got.json.texts), ['en']);
  assert.equal(got.json.title, 'Renamed');
  assert.equal(got.json.category, null);
  // Input problems name the field.
  const bad = [
    [{ ...body(), slug: 'Bad Slug' }, 'invalid', 'slug'],
    [{ ...body(), texts: undefined }, 'required', 'texts'],
    [{ ...body(), texts: {} }, 'required', 'texts'],
    [{ ...body(), texts: { de: { title: 'x', body: 'y' } } }, 'invalid', 'texts.de'],
    [{ ...body(), texts: { en: { title: 'x'.repeat(201), body: 'y' } } }, 'too_long', 'texts.en.title'],
    [{ ...body(), texts: { en: { title: 'x', body: '' } } }, 'required', 'texts.en.body'],
    [{ ...body(), country: 'FR' }, 'invalid', 'country'],
    [{ ...body(), category: 'nonsense' }, 'invalid', 'category'],
  ];
  for (const [bb, code, field] of bad) {
    assertProblem(await api('POST', '/api/v1/support/articles', { token: root, body: bb }), 422, code, field);
    assertProblem(await api('GET', `/api/v1/support/articles/${bb.slug}`), 404);
  }
  assertProblem(await api('PUT', `/api/v1/support/articles/${b.slug}`, { token: root, body: { slug: 'other', texts: { en: { title: 'x', body: 'y' } } } }), 422, 'invalid', 'slug');
});

test('a country ministry_admin writes only that country\'s articles', async () => {
  const ir = body({ country: 'IR' });
  assertProblem(await api('POST', '/api/v1/support/articles', { token: vnAdmin.token, body: ir }), 403, 'out_of_scope', 'country');
  assertProblem(await api('POST', '/api/v1/support/articles', { token: vnAdmin.token, body: body() }), 403, 'out_of_scope', 'country');
  const v = body({ country: 'VN', texts: { vi: { title: 'Học bạ điện tử', body: `Hướng dẫn ${uniq()}` } } });
  const res = await api('POST', '/api/v1/support/articles', { token: vnAdmin.token, body: v });
  assert.equal(res.status, 201, res.text);
  // Listed for Vietnam, not for Iran; articles for both countries show in both.
  const inVn = await api('GET', '/api/v1/support/articles?q=hoc+ba+dien+tu&country=VN');
  assert.ok(inVn.json.items.some((i) => i.slug === v.slug));
  const inIr = await api('GET', '/api/v1/support/articles?q=hoc+ba+dien+tu&country=IR');
  assert.ok(!inIr.json.items.some((i) => i.slug === v.slug));
  const both = await api('GET', '/api/v1/support/articles?q=transfer&country=IR&lang=en');
  assert.ok(both.json.items.some((i) => i.slug === 'where-is-my-transfer'));
});

test('an unpublished article is neither listed nor read', async () => {
  const b = body({ published: false, texts: { en: { title: 'Hidden draft', body: `hiddenword${uniq()}` } } });
  assert.equal((await api('POST', '/api/v1/support/articles', { token: root, body: b })).status, 201);
  assertProblem(await api('GET', `/api/v1/support/articles/${b.slug}`), 404, 'not_found');
  assert.deepEqual(await found(b.texts.en.body), []);
  assertProblem(await api('POST', `/api/v1/support/articles/${b.slug}/feedback`, { body: { solved: true } }), 404);
});

test('"did this solve it": anonymous answers allowed and counted', async () => {
  const b = body();
  assert.equal((await api('POST', '/api/v1/support/articles', { token: root, body: b })).status, 201);
  const url = `/api/v1/support/articles/${b.slug}/feedback`;
  let res = await api('POST', url, { body: { solved: true } });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.json.feedback, { solved: 1, not_solved: 0 });
  assertDocumented(res, '/api/v1/support/articles/{slug}/feedback', 'POST');
  res = await api('POST', url, { body: { solved: false } });
  assert.deepEqual(res.json.feedback, { solved: 1, not_solved: 1 });
  res = await api('POST', url, { token: officer.token, body: { solved: true } });
  assert.deepEqual(res.json.feedback, { solved: 2, not_solved: 1 });
  assertProblem(await api('POST', url, { body: {} }), 422, 'required', 'solved');
  assertProblem(await api('POST', url, { body: { solved: 'yes' } }), 422, 'type', 'solved');
  assertProblem(await api('POST', '/api/v1/support/articles/nope/feedback', { body: { solved: true } }), 404);
  const got = await api('GET', `/api/v1/support/articles/${b.slug}`);
  assert.deepEqual(got.json.feedback, { solved: 2, not_solved: 1 });
  const listed = await found(b.texts.en.title, 'en');
  assert.deepEqual(listed.find((i) => i.slug === b.slug).feedback, { solved: 2, not_solved: 1 });
});
