// Attachments of support tickets (issue 18): checked by content, stored as
// blobs, downloaded as attachments that are never sniffed or shown inline.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { api, assertProblem, BASE, dbQuery } from '../lib.mjs';
import { supportWorld, get, ticket } from './tickets_setup.mjs';

let w;
before(async () => { w = await supportWorld(); });

/* A real one-page PDF with a correct cross-reference table. */
function pdf(text = 'Screenshot of the error') {
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

const upload = (token, id, name, bytes, type = 'application/octet-stream') =>
  api('POST', `/api/v1/support/tickets/${id}/attachments?name=${encodeURIComponent(name)}`, { token, body: bytes, headers: { 'content-type': type } });
const stored = (id) => Number(dbQuery(`SELECT count(*) FROM support_attachments WHERE ticket_id = ${id}`)[0][0]);

test('a PDF is accepted and downloaded as an attachment', async () => {
  const t = await ticket(w.teacher.token);
  const bytes = pdf();
  const res = await upload(w.teacher.token, t.id, 'error.pdf', bytes, 'image/png');
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.media_type, 'application/pdf', 'the type comes from the bytes, not the header');
  assert.equal(res.json.size, bytes.length);
  assert.equal(res.json.name, 'error.pdf');
  assert.equal(res.json.sha256, createHash('sha256').update(bytes).digest('hex'));
  const seen = (await get(w.agent.token, t.id)).json;
  assert.deepEqual(seen.attachments.map((a) => a.id), [res.json.id]);
  const dl = await fetch(`${BASE}/api/v1/support/tickets/${t.id}/attachments/${res.json.id}`, { headers: { authorization: `Bearer ${w.agent.token}` } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'application/pdf');
  assert.equal(dl.headers.get('content-disposition'), 'attachment; filename="error.pdf"');
  assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
  assert.match(dl.headers.get('content-security-policy') ?? '', /sandbox/);
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), bytes);
  const staffUp = await upload(w.agent.token, t.id, 'گزارش.pdf', pdf('reply'));
  assert.equal(staffUp.status, 201, staffUp.text);
  const dl2 = await fetch(`${BASE}/api/v1/support/tickets/${t.id}/attachments/${staffUp.json.id}`, { headers: { authorization: `Bearer ${w.teacher.token}` } });
  assert.equal(dl2.status, 200);
  assert.match(dl2.headers.get('content-disposition'), /^attachment; filename="attachment-\d+"; filename\*=UTF-8''%DA%AF/);
});

test('an HTML file is refused 415; bad names and empty files 422; nothing stored', async () => {
  const t = await ticket(w.teacher.token);
  const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
  assertProblem(await upload(w.teacher.token, t.id, 'error.pdf', html, 'application/pdf'), 415, 'unsupported_media_type', 'file');
  assertProblem(await upload(w.teacher.token, t.id, 'x.pdf', Buffer.alloc(0)), 422, 'required', 'file');
  assertProblem(await upload(w.teacher.token, t.id, '../etc/passwd', pdf()), 422, 'invalid', 'name');
  assertProblem(await upload(w.teacher.token, t.id, 'a"b.pdf', pdf()), 422, 'invalid', 'name');
  assertProblem(await api('POST', `/api/v1/support/tickets/${t.id}/attachments`, { token: w.teacher.token, body: pdf() }), 422, 'required', 'name');
  assert.equal(stored(t.id), 0);
});

test('too large: 413; out of sight: 404', async () => {
  const t = await ticket(w.teacher.token);
  const big = Buffer.concat([pdf(), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]);
  const res = await upload(w.teacher.token, t.id, 'big.pdf', big);
  assert.equal(res.status, 413, res.text);
  assertProblem(await upload(w.sibling.token, t.id, 'x.pdf', pdf()), 404, 'not_found');
  const ok = await upload(w.teacher.token, t.id, 'ok.pdf', pdf());
  assert.equal(ok.status, 201);
  const dl = await api('GET', `/api/v1/support/tickets/${t.id}/attachments/${ok.json.id}`, { token: w.sibling.token });
  assertProblem(dl, 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/support/tickets/${t.id}/attachments/999999999`, { token: w.teacher.token }), 404, 'not_found');
  assert.equal(stored(t.id), 1);
});
