// Canned answers per level (issue 18, su-desk): a level's staff see their
// level's and its ancestors' answers, the nearest first; only the staff of
// an answer's org write it; never sideways. docs/support.md, "Knowledge
// base and canned answers"; src/domain/support/canned.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, school, uniq, userWithRole } from '../lib.mjs';
import { assertDocumented } from './spec.mjs';

let root, vn, d2, s2, agentS, agentD, officerP, officerD2, teacher, guardian;
const made = {};

const list = async (who, q) => {
  const res = await api('GET', `/api/v1/support/canned${q}`, { token: who.token });
  assert.equal(res.status, 200, res.text);
  return res.json.items;
};

before(async () => {
  root = await admin();
  vn = await school(root, { country: 'VN' });
  d2 = uniq('D'); s2 = uniq('S');
  for (const [code, kind, parent] of [[d2, 'district', vn.province], [s2, 'school', d2]]) {
    const res = await api('POST', '/api/v1/orgs', { token: root, body: { code, name: `Sibling ${kind}`, kind, parent } });
    assert.equal(res.status, 201, res.text);
  }
  agentS = await userWithRole('support_agent', vn.school);
  agentD = await userWithRole('support_agent', vn.district);
  officerP = await userWithRole('province_officer', vn.province);
  officerD2 = await userWithRole('district_officer', d2);
  teacher = await userWithRole('teacher', vn.school);
  guardian = await userWithRole('guardian');
  for (const [key, who, org, lang] of [['P', officerP, vn.province, 'vi'], ['D', agentD, vn.district, 'vi'],
    ['S', agentS, vn.school, 'vi'], ['Sen', agentS, vn.school, 'en']]) {
    const res = await api('POST', '/api/v1/support/canned', { token: who.token, body: { org, lang, title: `Answer ${key}`, body: `Xin chào, ${key}.` } });
    assert.equal(res.status, 201, res.text);
    made[key] = res.json;
  }
  assertDocumented(await api('GET', `/api/v1/support/canned?org=${vn.school}`, { token: agentS.token }), '/api/v1/support/canned', 'GET');
});

test('a level sees its answers and its ancestors\', the nearest first', async () => {
  assert.equal(made.S.org.code, vn.school);
  assert.equal(made.S.org.kind, 'school');
  assert.equal(made.S.can_edit, true);
  const atS = await list(agentS, `?org=${vn.school}`);
  assert.deepEqual(atS.map((a) => a.id), [made.S.id, made.Sen.id, made.D.id, made.P.id]);
  assert.deepEqual(atS.map((a) => a.can_edit), [true, true, false, false]);
  // lang filters; no org: the level of the caller's grant.
  assert.deepEqual((await list(agentS, '?lang=vi')).map((a) => a.id), [made.S.id, made.D.id, made.P.id]);
  // The district sees its own and the province's, not its schools'.
  assert.deepEqual((await list(agentD, `?org=${vn.district}`)).map((a) => a.id), [made.D.id, made.P.id]);
  // The district's staff reach the school too: there they see all three levels.
  assert.deepEqual((await list(agentD, `?org=${vn.school}&lang=vi`)).map((a) => a.id), [made.S.id, made.D.id, made.P.id]);
  // A sibling district sees the province's answers, never the other district's.
  assert.deepEqual((await list(officerD2, `?org=${d2}`)).map((a) => a.id), [made.P.id]);
  assert.deepEqual((await list(officerD2, `?org=${s2}`)).map((a) => a.id), [made.P.id]);
  assertProblem(await api('GET', `/api/v1/support/canned?org=${vn.district}`, { token: officerD2.token }), 403, 'out_of_scope', 'org');
  assertProblem(await api('GET', `/api/v1/support/canned?org=${vn.district}`, { token: agentS.token }), 403, 'out_of_scope', 'org');
  assertProblem(await api('GET', `/api/v1/support/canned?org=${vn.school}`, { token: teacher.token }), 403, 'forbidden');
  assertProblem(await api('GET', `/api/v1/support/canned?org=${vn.school}`, { token: guardian.token }), 403, 'forbidden');
  assertProblem(await api('GET', `/api/v1/support/canned?org=${vn.school}`), 401);
  assertProblem(await api('GET', '/api/v1/support/canned?org=NOPE-NOPE', { token: root }), 404, 'unknown_org');
  assertProblem(await api('GET', '/api/v1/support/canned', { token: root }), 422, 'required', 'org');
  assertProblem(await api('GET', `/api/v1/support/canned?org=${vn.school}&lang=de`, { token: agentS.token }), 422, 'invalid', 'lang');
});

test('only the staff of the answer\'s org write it; bad input changes nothing', async () => {
  const b = { org: vn.district, lang: 'vi', title: 'Từ trường', body: 'x' };
  assertProblem(await api('POST', '/api/v1/support/canned', { token: agentS.token, body: b }), 403, 'out_of_scope', 'org');
  assertProblem(await api('POST', '/api/v1/support/canned', { token: officerD2.token, body: b }), 403, 'out_of_scope', 'org');
  const bad = [
    [{ ...b, lang: 'de' }, 'invalid', 'lang'], [{ ...b, lang: undefined }, 'required', 'lang'],
    [{ ...b, title: '' }, 'required', 'title'], [{ ...b, title: 't'.repeat(201) }, 'too_long', 'title'],
    [{ ...b, body: 'b'.repeat(5001) }, 'too_long', 'body'], [{ ...b, org: undefined }, 'required', 'org'],
    [{ ...b, org: 'NOPE-NOPE' }, 'unknown_org', 'org'],
  ];
  for (const [body, code, field] of bad) {
    const res = await api('POST', '/api/v1/support/canned', { token: agentD.token, body });
    assertProblem(res, code === 'unknown_org' ? 404 : 422, code, field);
  }
  assert.deepEqual((await list(agentD, `?org=${vn.district}`)).map((a) => a.id), [made.D.id, made.P.id]);
  // Change: the school's staff see the district's answer but may not change it (403); the sibling is told nothing (404).
  const url = `/api/v1/support/canned/${made.D.id}`;
  const edit = { lang: 'vi', title: 'Đã sửa', body: 'Nội dung mới' };
  assertProblem(await api('PUT', url, { token: agentS.token, body: edit }), 403, 'out_of_scope');
  assertProblem(await api('PUT', url, { token: officerD2.token, body: edit }), 404, 'not_found');
  assertProblem(await api('DELETE', url, { token: officerD2.token }), 404, 'not_found');
  assertProblem(await api('PUT', url, { token: agentD.token, body: { ...edit, title: '' } }), 422, 'required', 'title');
  const put = await api('PUT', url, { token: agentD.token, body: edit });
  assert.equal(put.status, 200, put.text);
  assertDocumented(put, '/api/v1/support/canned/{id}', 'PUT');
  assert.equal(put.json.title, 'Đã sửa');
  assert.equal(put.json.org.code, vn.district);
  // The province's officer reaches the district: may change it as well.
  const byP = await api('PUT', url, { token: officerP.token, body: { ...edit, body: 'Từ sở' } });
  assert.equal(byP.status, 200, byP.text);
  const seen = (await list(agentS, `?org=${vn.school}`)).find((a) => a.id === made.D.id);
  assert.equal(seen.body, 'Từ sở');
  // Delete.
  const extra = await api('POST', '/api/v1/support/canned', { token: agentD.token, body: b });
  assert.equal(extra.status, 201, extra.text);
  assertDocumented(extra, '/api/v1/support/canned', 'POST');
  const del = await api('DELETE', `/api/v1/support/canned/${extra.json.id}`, { token: agentD.token });
  assert.equal(del.status, 204);
  assert.ok(!(await list(agentD, `?org=${vn.district}`)).some((a) => a.id === extra.json.id));
  assertProblem(await api('DELETE', `/api/v1/support/canned/${extra.json.id}`, { token: agentD.token }), 404);
  assertProblem(await api('PUT', '/api/v1/support/canned/999999999', { token: root, body: edit }), 404);
});
