// Documents and verification (issue 16, parts 2 and 3): a round asks for
// documents and may count only verified claims; a guardian uploads files
// from a phone (the raw body, typed by its content); schools review each
// document and claim; the family sees where its application stands; the
// seal of a round with verify_claims gives groups for verified claims only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { api, admin, assertProblem, cli, dbQuery, orgChain, studentBody, uniq, userWithRole } from '../lib.mjs';

const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha = (b) => createHash('sha256').update(b).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'tabula-documents-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/* A real PNG of w x h pixels of one colour (signature, IHDR, IDAT, IEND). */
function png(w = 2, h = 2, rgb = [200, 30, 30]) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = [];
  for (let y = 0; y < h; y++) rows.push(Buffer.from([0, ...Array(w).fill(rgb).flat()]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/* A real one-page PDF with a correct cross-reference table. */
function pdf(text = 'Birth certificate') {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 10 50 Td (${text}) Tj ET`;
  objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let out = '%PDF-1.4\n';
  const offs = [];
  objs.forEach((o, i) => { offs.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offs) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

let root, chain, s2, s3, officer, s2admin, s3admin, teacher, guardian, stranger, kids;
const SEED = 23;
const DOCS = [
  { kind: 'birth_certificate', required: true },
  { kind: 'proof_of_address', claim: 'area' },
  { kind: 'sibling_proof', claim: 'siblings' },
];

async function createRound(extra = {}) {
  const res = await api('POST', '/api/v1/admissions/rounds', {
    token: officer.token,
    body: {
      org: chain.district, name: `Grade 1 ${uniq('')}`, grade: 1,
      opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + HOUR), max_choices: 2, seed: SEED,
      schools: [{ code: chain.school, capacity: 30 }, { code: s2, capacity: 1 }],
      priorities: { groups: { sibling: 1, zone: 2 }, zones: { [s2]: ['W01', 'W02'] } },
      documents: DOCS, verify_claims: true,
      ...extra,
    },
  });
  return res;
}

const close = (id) => dbQuery(`UPDATE admission_rounds SET closes_at = opens_at + 1 WHERE id = ${id}`);
const post = (id, verb) => api('POST', `/api/v1/admissions/rounds/${id}/${verb}`, { token: officer.token });
const apply = (roundId, kid, body) => api('POST', `/api/v1/admissions/rounds/${roundId}/applications`, { token: guardian.token, body: { student: kid.id, ...body } });
const upload = (appId, kind, bytes, type = 'image/png', token = guardian.token) =>
  api('POST', `/api/v1/admissions/applications/${appId}/documents?kind=${kind}`, { token, body: bytes, headers: { 'content-type': type } });
const download = (appId, docId, token) =>
  fetch(`${process.env.TABULA_URL}/api/v1/admissions/applications/${appId}/documents/${docId}`, { headers: { authorization: `Bearer ${token}` } });
const review = (appId, body, token = s2admin.token) => api('POST', `/api/v1/admissions/applications/${appId}/reviews`, { token, body });
const getApp = async (id, token = guardian.token) => {
  const res = await api('GET', `/api/v1/admissions/applications/${id}`, { token });
  assert.equal(res.status, 200, res.text);
  return res.json;
};
const trail = async (id, token = officer.token) => {
  const res = await api('GET', `/api/v1/admissions/applications/${id}/reviews`, { token });
  assert.equal(res.status, 200, res.text);
  return res.json.items;
};
/* What a refusal must leave as it was: the documents, reviews and trail. */
const state = async (id) => {
  const a = await getApp(id);
  return { documents: a.documents, reviews: a.reviews, status: a.status, trail: await trail(id) };
};

function match(doc, name) {
  const file = join(dir, name);
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  const r = cli(['admissions', 'match', '--input', file]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

before(async () => {
  root = await admin();
  chain = await orgChain(root);
  s2 = uniq('S');
  s3 = uniq('S');
  for (const s of [s2, s3])
    assert.equal((await api('POST', '/api/v1/orgs', { token: root, body: { code: s, name: `School ${s}`, kind: 'school', parent: chain.district } })).status, 201);
  officer = await userWithRole('district_officer', chain.district);
  s2admin = await userWithRole('school_admin', s2);
  s3admin = await userWithRole('school_admin', s3);
  teacher = await userWithRole('teacher', s2);
  guardian = await userWithRole('guardian');
  stranger = await userWithRole('guardian');
  kids = [];
  for (let i = 0; i < 6; i++) {
    const k = (await api('POST', '/api/v1/students', { token: root, body: studentBody(chain.school) })).json;
    assert.equal((await api('POST', `/api/v1/students/${k.id}/guardians`, { token: root, body: { username: guardian.username, relation: 'mother' } })).status, 201);
    kids.push(k);
  }
});

test('a round keeps the documents it asks for and verify_claims; bad ones are refused', async () => {
  const ok = await createRound();
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.json.documents, DOCS);
  assert.equal(ok.json.verify_claims, true);
  const plain = await createRound({ documents: undefined, verify_claims: undefined });
  assert.deepEqual(plain.json.documents, []);
  assert.equal(plain.json.verify_claims, false);
  const bad = async (documents, code, field) => assertProblem(await createRound({ documents }), 422, code, field);
  await bad({ kind: 'x' }, 'type', 'documents');
  await bad(['x'], 'type', 'documents[0]');
  await bad([{ kind: 'Birth' }], 'invalid', 'documents[0].kind');
  await bad([{ kind: 'a'.repeat(65) }], 'invalid', 'documents[0].kind');
  await bad([{ required: true }], 'required', 'documents[0].kind');
  await bad([{ kind: 'a' }, { kind: 'a' }], 'duplicate', 'documents[1].kind');
  await bad([{ kind: 'a', claim: 'zone' }], 'invalid', 'documents[0].claim');
  await bad([{ kind: 'a', needed: true }], 'invalid', 'documents[0].needed');
  await bad([{ kind: 'a', required: 'yes' }], 'type', 'documents[0].required');
  assertProblem(await createRound({ verify_claims: 'yes' }), 422, 'type', 'verify_claims');
  // Before it opens an edit changes them; left out, they stay.
  const later = (await createRound({ opens_at: iso(Date.now() + HOUR), closes_at: iso(Date.now() + 2 * HOUR) })).json;
  const patch = (body) => api('PATCH', `/api/v1/admissions/rounds/${later.id}`, { token: officer.token, body });
  const e1 = await patch({ documents: [{ kind: 'photo', required: true }], verify_claims: false });
  assert.equal(e1.status, 200, e1.text);
  assert.deepEqual(e1.json.documents, [{ kind: 'photo', required: true }]);
  assert.equal(e1.json.verify_claims, false);
  const e2 = await patch({ name: 'renamed' });
  assert.deepEqual(e2.json.documents, [{ kind: 'photo', required: true }]);
  assert.equal(e2.json.verify_claims, false);
  const e3 = await patch({ documents: null });
  assert.deepEqual(e3.json.documents, []);
  // Once open, no more.
  assertProblem(await api('PATCH', `/api/v1/admissions/rounds/${ok.json.id}`, { token: officer.token, body: { documents: [] } }), 409, 'round_started');
});

test('uploads are typed by their content, stored whole, idempotent, and served as attachments', async () => {
  const r = (await createRound()).json;
  const app = (await apply(r.id, kids[0], { choices: [s2, chain.school], claims: { area: 'W01' } })).json;
  let a = await getApp(app.id);
  assert.equal(a.status, 'submitted');
  assert.deepEqual(a.documents, []);
  assert.deepEqual(a.missing_documents, ['birth_certificate', 'proof_of_address']);
  assert.deepEqual(a.reviews, { 'claim:area': { status: 'pending', reason: null, at: null, by: null } });

  const image = png();
  const up = await upload(app.id, 'birth_certificate', image);
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.media_type, 'image/png');
  assert.equal(up.json.size, image.length);
  assert.equal(up.json.sha256, sha(image));
  assert.equal(up.json.status, 'pending');
  assert.equal(up.headers.get('location'), `/api/v1/admissions/applications/${app.id}/documents/${up.json.id}`);
  // The same bytes again: the same document, 200, nothing new.
  const again = await upload(app.id, 'birth_certificate', image);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.id, up.json.id);

  const before = await state(app.id);
  assert.equal(before.documents.length, 1);
  // A text file named and declared as a PNG is refused by its content.
  assertProblem(await upload(app.id, 'proof_of_address', Buffer.from('hello, this is not an image\n'), 'image/png'), 415, 'unsupported_media_type', 'file');
  // An empty body, a kind the round does not ask for, a bad kind, none.
  assertProblem(await upload(app.id, 'proof_of_address', Buffer.alloc(0)), 422, 'required', 'file');
  assertProblem(await upload(app.id, 'passport', image), 422, 'unknown_document_kind', 'kind');
  assertProblem(await upload(app.id, 'Bad-Kind', image), 422, 'invalid', 'kind');
  assertProblem(await api('POST', `/api/v1/admissions/applications/${app.id}/documents`, { token: guardian.token, body: image }), 422, 'required', 'kind');
  // Past the route's limit (8 MiB): 413 before a byte is stored.
  const big = Buffer.concat([image, Buffer.alloc(8 * 1024 * 1024)]);
  assert.equal((await upload(app.id, 'proof_of_address', big)).status, 413);
  // Who: another family (404), staff (403 at the door).
  assertProblem(await upload(app.id, 'proof_of_address', image, 'image/png', stranger.token), 404, 'not_found');
  assertProblem(await upload(app.id, 'proof_of_address', image, 'image/png', officer.token), 403);
  assertProblem(await upload(999999999, 'proof_of_address', image), 404, 'not_found');
  assert.deepEqual(await state(app.id), before);

  // A PNG declared as a PDF is stored, and served, as the PNG it is.
  const other = png(3, 1, [0, 90, 200]);
  const lied = await upload(app.id, 'proof_of_address', other, 'application/pdf');
  assert.equal(lied.status, 201, lied.text);
  assert.equal(lied.json.media_type, 'image/png');
  // A real PDF.
  const doc = pdf();
  const p = await upload(app.id, 'sibling_proof', doc, 'application/pdf');
  assert.equal(p.status, 201, p.text);
  assert.equal(p.json.media_type, 'application/pdf');

  // Download: the stored bytes, the stored type, never inline.
  for (const token of [guardian.token, officer.token, s2admin.token]) {
    const got = await download(app.id, lied.json.id, token);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.match(got.headers.get('content-disposition'), /^attachment; filename="proof_of_address-\d+\.png"$/);
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(got.headers.get('content-security-policy'), "sandbox; default-src 'none'");
    assert.equal(got.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), other);
  }
  const gotPdf = await download(app.id, p.json.id, guardian.token);
  assert.equal(gotPdf.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await gotPdf.arrayBuffer()), doc);
  assert.equal((await download(app.id, lied.json.id, stranger.token)).status, 404);
  assert.equal((await download(app.id, lied.json.id, s3admin.token)).status, 404);
  assert.equal((await download(app.id, 999999999, guardian.token)).status, 404);
  // Every download is audited with the document it read.
  const count = (sql) => Number(dbQuery(sql)[0][0]);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'admissions.document.read' AND allowed = 1 AND subject = 'admission_application:${app.id} document:${lied.json.id}'`), 3);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'admissions.document.read' AND allowed = 0 AND subject = 'admission_application:${app.id} document:${lied.json.id}'`), 2);
  // Three new documents and one repeat; the stranger's refusal too.
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'admissions.document.upload' AND allowed = 1 AND subject LIKE 'admission_application:${app.id} %'`), 4);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'admissions.document.upload' AND allowed = 0 AND subject = 'admission_application:${app.id}'`), 1);

  // A new upload of a kind supersedes the old one, which stays stored.
  const newer = await upload(app.id, 'birth_certificate', png(4, 4));
  assert.equal(newer.status, 201);
  a = await getApp(app.id);
  assert.deepEqual(a.documents.map((d) => [d.kind, d.id]).sort(), [
    ['birth_certificate', newer.json.id], ['proof_of_address', lied.json.id], ['sibling_proof', p.json.id]].sort());
  assert.deepEqual(a.missing_documents, []);
  assert.equal((await download(app.id, up.json.id, guardian.token)).status, 200);
});

test('the five accepted types are found in the bytes; others are refused whatever they claim', async () => {
  const r = (await createRound()).json;
  const app = (await apply(r.id, kids[5], { choices: [chain.school] })).json;
  const bin = (s) => Buffer.from(s, 'latin1');
  const accepted = [
    ['image/webp', bin('RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00\x02\x00\x34\x25\xa4\x00\x03\x70\x00\xfe\xfb\x94\x00\x00')],
    ['image/heic', bin('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic')],
    ['image/jpeg', bin('\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9')],
    ['application/pdf', pdf()],
    ['image/png', png()],
  ];
  for (const [type, bytes] of accepted) {
    const res = await upload(app.id, 'birth_certificate', bytes, 'application/octet-stream');
    assert.equal(res.status, 201, `${type}: ${res.text}`);
    assert.equal(res.json.media_type, type);
  }
  const before = await state(app.id);
  const refused = [
    ['image/svg+xml', bin('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['image/gif', bin('GIF89a\x01\x00\x01\x00\x00\x00\x00;')],
    ['text/html', bin('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>')],
    ['image/png', bin('\x89PNG')], // a signature alone is not a PNG
  ];
  for (const [type, bytes] of refused)
    assertProblem(await upload(app.id, 'birth_certificate', bytes, type), 415, 'unsupported_media_type', 'file');
  assert.deepEqual(await state(app.id), before);
});

test('schools review each item; the family sees the status; the trail keeps every review', async () => {
  const r = (await createRound()).json;
  const made = await apply(r.id, kids[1], { choices: [s2], claims: { area: "W01", siblings: [s2] } });
  assert.equal(made.status, 201, made.text);
  const app = made.json;
  const birth = (await upload(app.id, 'birth_certificate', png())).json;
  const addr = (await upload(app.id, 'proof_of_address', pdf('address'))).json;

  const before = await state(app.id);
  assert.equal(before.status, 'submitted');
  // Refusals, each with its field, and nothing changes.
  assertProblem(await review(app.id, { target: 'claim:area', decision: 'returned' }), 422, 'required', 'reason');
  assertProblem(await review(app.id, { target: 'claim:area', decision: 'returned', reason: 'x'.repeat(501) }), 422, undefined, 'reason');
  assertProblem(await review(app.id, { target: 'claim:area', decision: 'maybe' }), 422, 'invalid', 'decision');
  assertProblem(await review(app.id, { decision: 'verified' }), 422, 'required', 'target');
  assertProblem(await review(app.id, { target: 'claim:zone', decision: 'verified' }), 422, 'invalid', 'target');
  assertProblem(await review(app.id, { target: 'document:0', decision: 'verified' }), 422, 'invalid', 'target');
  assertProblem(await review(app.id, { target: 'claim:category:law_a', decision: 'verified' }), 422, 'unknown_target', 'target');
  assertProblem(await review(app.id, { target: `claim:sibling:${chain.school}`, decision: 'verified' }), 422, 'unknown_target', 'target');
  assertProblem(await review(app.id, { target: 'document:999999999', decision: 'verified' }), 422, 'unknown_target', 'target');
  // Who: a teacher (by role), a school the family does not rank (out of
  // sight), a guardian (by role).
  assertProblem(await review(app.id, { target: 'claim:area', decision: 'verified' }, teacher.token), 403);
  assertProblem(await review(app.id, { target: 'claim:area', decision: 'verified' }, s3admin.token), 404, 'not_found');
  assertProblem(await review(app.id, { target: 'claim:area', decision: 'verified' }, guardian.token), 403);
  assert.deepEqual(await state(app.id), before);

  // The school returns the address with a reason: the family must act.
  let res = await review(app.id, { target: `document:${addr.id}`, decision: 'returned', reason: 'The page is cut off; send the whole bill.' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'returned');
  let a = await getApp(app.id);
  assert.equal(a.status, 'returned');
  const d = a.documents.find((x) => x.id === addr.id);
  assert.equal(d.status, 'returned');
  assert.equal(d.reason, 'The page is cut off; send the whole bill.');
  assert.equal(a.reviews[`document:${addr.id}`].by, s2admin.username);
  assert.equal(a.reviews[`document:${addr.id}`].status, 'returned');
  assert.match(a.reviews[`document:${addr.id}`].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  // The office verifies the rest; the address is still returned.
  for (const target of [`document:${birth.id}`, 'claim:area', `claim:sibling:${s2}`])
    assert.equal((await review(app.id, { target, decision: 'verified' }, officer.token)).status, 200);
  assert.equal((await getApp(app.id)).status, 'returned');
  // A new address: the old one is superseded (409 if reviewed), the new
  // one pending, so the application is submitted again.
  const addr2 = (await upload(app.id, 'proof_of_address', png(5, 5))).json;
  assert.notEqual(addr2.id, addr.id);
  assert.equal(addr2.status, 'pending');
  assertProblem(await review(app.id, { target: `document:${addr.id}`, decision: 'verified' }), 409, 'superseded', 'target');
  a = await getApp(app.id);
  assert.equal(a.status, 'submitted');
  // Every item verified, but the sibling claim's proof is missing.
  res = await review(app.id, { target: `document:${addr2.id}`, decision: 'verified' });
  assert.equal(res.json.status, 'submitted');
  assert.deepEqual(res.json.missing_documents, ['sibling_proof']);
  // Sent and verified: every item verified, nothing missing.
  const sib = (await upload(app.id, 'sibling_proof', pdf('sibling'))).json;
  assert.equal((await review(app.id, { target: `document:${sib.id}`, decision: 'verified' })).json.status, 'verified');
  // The staff's queue filters by status.
  const queue = async (review, token = s2admin.token) => {
    const q = await api('GET', `/api/v1/admissions/rounds/${r.id}/applications?review=${review}`, { token });
    assert.equal(q.status, 200, q.text);
    return q.json.items.map((x) => x.id);
  };
  assert.deepEqual(await queue('verified'), [app.id]);
  assert.deepEqual(await queue('pending'), []);
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${r.id}/applications?review=maybe`, { token: s2admin.token }), 422, 'invalid', 'review');

  // The family changes its area: that claim is pending again.
  const edit = await api('PUT', `/api/v1/admissions/applications/${app.id}`, { token: guardian.token, body: { choices: [s2], claims: { area: 'W02', siblings: [s2] } } });
  assert.equal(edit.status, 200, edit.text);
  assert.equal(edit.json.reviews['claim:area'].status, 'pending');
  assert.equal(edit.json.reviews[`claim:sibling:${s2}`].status, 'verified');
  assert.equal(edit.json.status, 'submitted');
  assert.deepEqual(await queue('pending'), [app.id]);
  assert.deepEqual(await queue('verified'), []);
  // The list answers carry the same fields.
  const mine = await api('GET', `/api/v1/admissions/applications?round=${r.id}`, { token: guardian.token });
  assert.equal(mine.json.items[0].status, 'submitted');
  assert.deepEqual(mine.json.items[0].missing_documents, []);

  // The trail: every review, oldest first, with who and why.
  const t = await trail(app.id, guardian.token);
  assert.deepEqual(t.map((e) => [e.target, e.decision]), [
    [`document:${addr.id}`, 'returned'],
    [`document:${birth.id}`, 'verified'],
    ['claim:area', 'verified'],
    [`claim:sibling:${s2}`, 'verified'],
    [`document:${addr2.id}`, 'verified'],
    [`document:${sib.id}`, 'verified'],
    ['claim:area', 'pending'],
  ]);
  assert.equal(t[0].reason, 'The page is cut off; send the whole bill.');
  assert.equal(t[1].by, officer.username);
  assert.equal(t[6].by, guardian.username);
  assert.equal((await api('GET', `/api/v1/admissions/applications/${app.id}/reviews`, { token: stranger.token })).status, 404);
});

test('after the window: only returned documents are replaced, until the seal; then nothing', async () => {
  const r = (await createRound()).json;
  const app = (await apply(r.id, kids[2], { choices: [s2], claims: { area: 'W01' } })).json;
  const birth = (await upload(app.id, 'birth_certificate', png())).json;
  const addr = (await upload(app.id, 'proof_of_address', pdf())).json;
  assert.equal((await review(app.id, { target: `document:${addr.id}`, decision: 'returned', reason: 'Unreadable.' })).status, 200);
  close(r.id);
  assertProblem(await upload(app.id, 'birth_certificate', png(6, 6)), 409, 'round_closed');
  assertProblem(await upload(app.id, 'sibling_proof', png(6, 6)), 409, 'round_closed');
  const fixed = await upload(app.id, 'proof_of_address', png(7, 7));
  assert.equal(fixed.status, 201, fixed.text);
  // Replaced once: the new one is pending, not returned, so no more.
  assertProblem(await upload(app.id, 'proof_of_address', png(8, 8)), 409, 'round_closed');
  assert.equal((await review(app.id, { target: `document:${fixed.json.id}`, decision: 'verified' })).status, 200);
  assert.equal((await post(r.id, 'seal')).status, 200);
  const before = await state(app.id);
  assertProblem(await review(app.id, { target: `document:${birth.id}`, decision: 'verified' }), 409, 'round_sealed');
  assertProblem(await upload(app.id, 'proof_of_address', png(9, 9)), 409, 'round_sealed');
  assert.deepEqual(await state(app.id), before);
});

test('with verify_claims, only verified claims give a group at the seal, and that changes the placement', async () => {
  const make = async (verify) => {
    const r = (await createRound({ verify_claims: verify, documents: [] })).json;
    const apps = [];
    for (const k of kids.slice(3, 6)) apps.push((await apply(r.id, k, { choices: [s2, chain.school], claims: { area: 'W01' } })).json);
    return { r, apps };
  };
  const on = await make(true);
  const off = await make(false);
  // The lottery numbers: the seed and the ids. The worst number of the
  // first round gets its area verified.
  const draw = match({ seed: SEED, schools: [], applicants: on.apps.map((a) => ({ id: String(a.id), choices: [] })) }, 'draw.json');
  const byLottery = [...on.apps].sort((x, y) => draw.lottery[String(x.id)] - draw.lottery[String(y.id)]);
  const worst = byLottery[2], best = byLottery[0];
  assert.equal((await review(worst.id, { target: 'claim:area', decision: 'verified' })).status, 200);
  assert.equal((await review(best.id, { target: 'claim:area', decision: 'returned', reason: 'Not this address.' })).status, 200);
  for (const { r } of [on, off]) {
    close(r.id);
    assert.equal((await post(r.id, 'seal')).status, 200);
    assert.equal((await post(r.id, 'run')).status, 200);
  }
  const inputs = (await api('GET', `/api/v1/admissions/rounds/${on.r.id}/inputs`, { token: officer.token })).json;
  const pri = Object.fromEntries(inputs.applicants.map((x) => [x.id, x.priority]));
  assert.deepEqual(pri[String(worst.id)], { [s2]: 2 });
  assert.equal(pri[String(best.id)], undefined);
  assert.equal(pri[String(byLottery[1].id)], undefined);
  // The one seat at S2 goes to the verified claim, worst number and all.
  assert.equal((await getApp(worst.id)).placement.school, s2);
  assert.equal((await getApp(best.id)).placement.school, chain.school);
  // Without verify_claims every claim counts: the best number of the
  // three (all in the zone) takes it.
  const offInputs = (await api('GET', `/api/v1/admissions/rounds/${off.r.id}/inputs`, { token: officer.token })).json;
  assert.ok(offInputs.applicants.every((x) => x.priority?.[s2] === 2));
  const offDraw = match({ seed: SEED, schools: [], applicants: off.apps.map((a) => ({ id: String(a.id), choices: [] })) }, 'draw2.json');
  const offBest = [...off.apps].sort((x, y) => offDraw.lottery[String(x.id)] - offDraw.lottery[String(y.id)])[0];
  assert.equal((await getApp(offBest.id)).placement.school, s2);
  // The published inputs re-run to the stored result.
  const out = match(JSON.stringify(inputs), 'inputs.json');
  assert.equal(out.assignments[String(worst.id)], s2);
});
