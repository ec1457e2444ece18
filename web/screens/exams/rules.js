// The pack's combination rule, read by the form (the API's checker is the
// judge: docs/exams.md): the rule in words, and a check before sending that
// names what is wrong, so a phone does not send a set the API would refuse.
// A rule this file does not know is left to the API's 422.
import { t, num } from '../../lib/i18n.js';
import { subjectName } from './common.js';

const list = (pack, codes) => codes.map((c) => subjectName(pack, c)).join(', ');

/** The combination's parts: required codes, elective groups {from, min, max}, alternatives (one of). */
export function ruleParts(pack) {
  const c = pack?.combination ?? {};
  const required = Array.isArray(c.required) ? c.required : [];
  const groups = [];
  const electives = c.electives === undefined ? [] : Array.isArray(c.electives) ? c.electives : [c.electives];
  for (const e of electives) {
    if (!e || !Array.isArray(e.from ?? e.subjects)) continue;
    const count = e.count ?? null;
    groups.push({ from: e.from ?? e.subjects, min: e.min ?? count ?? 0, max: e.max ?? count ?? Infinity });
  }
  const alternatives = (Array.isArray(c.alternatives) ? c.alternatives : [])
    .map((a) => (Array.isArray(a) ? a : a?.one_of ?? a?.subjects))
    .filter(Array.isArray);
  return { required, groups, alternatives };
}

/** The rule in words, one sentence a line. */
export function ruleText(pack) {
  const { required, groups, alternatives } = ruleParts(pack);
  const out = [];
  if (required.length) out.push(t('ex.rule_required', { list: list(pack, required) }));
  for (const g of groups) {
    out.push(g.min === g.max
      ? t('ex.rule_electives', { n: num(g.min), list: list(pack, g.from) })
      : t('ex.rule_electives_range', { min: num(g.min), max: num(g.max === Infinity ? g.from.length : g.max), list: list(pack, g.from) }));
  }
  for (const a of alternatives) out.push(t('ex.rule_one_of', { list: list(pack, a) }));
  return out;
}

/**
 * Whether SUBJECTS (codes) keep the rule, less EXEMPT (subjects an
 * exemption releases): null when they do, else the sentence that says why not.
 */
export function checkSubjects(pack, subjects, exempt = []) {
  const { required, groups, alternatives } = ruleParts(pack);
  const known = new Set((pack?.subjects ?? []).map((s) => s.code));
  const unknown = subjects.filter((s) => known.size && !known.has(s));
  if (unknown.length) return t('ex.rule_unknown', { list: unknown.join(', ') });
  const missing = required.filter((s) => !subjects.includes(s) && !exempt.includes(s));
  if (missing.length) return t('ex.rule_missing', { list: list(pack, missing) });
  for (const g of groups) {
    const n = subjects.filter((s) => g.from.includes(s)).length;
    if (n < g.min || n > g.max) {
      return g.min === g.max
        ? t('ex.rule_count', { n: num(g.min), chosen: num(n) })
        : t('ex.rule_count_range', { min: num(g.min), max: num(g.max === Infinity ? g.from.length : g.max), chosen: num(n) });
    }
  }
  for (const a of alternatives) {
    const n = subjects.filter((s) => a.includes(s)).length;
    if (n !== 1) return t('ex.rule_one_of', { list: list(pack, a) });
  }
  if (!required.length && !groups.length && !alternatives.length && subjects.length === 0) return t('ex.rule_none');
  return null;
}
