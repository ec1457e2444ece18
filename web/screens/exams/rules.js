// The pack's combination rule, read by the form (the API's checker,
// domain/exams/pack.c, is the judge: docs/exams.md): a pack has tracks
// (combination.tracks: the candidates' kinds it is for, required subjects,
// groups to choose from with a min and a max); the form shows the rule of
// the chosen track in words and checks a set before sending, naming what is
// wrong, so a phone does not send a set the API would refuse.
import { t, num } from '../../lib/i18n.js';
import { named, subjectName, comma } from './common.js';

const list = (pack, codes) => codes.map((c) => subjectName(pack, c)).join(comma());

/** The tracks of PACK open to candidates of KIND ("student" or "free"). */
export function tracksFor(pack, kind) {
  return (pack?.combination?.tracks ?? []).filter((tr) => !tr.kinds || tr.kinds.includes(kind));
}

/** Track CODE of PACK, else its default, else the first one KIND may take. */
export function trackOf(pack, code, kind = 'student') {
  const all = tracksFor(pack, kind);
  return all.find((x) => x.code === code) ?? all.find((x) => x.code === pack?.combination?.default_track) ?? all[0] ?? null;
}

/** The rule of TRACK in words, one sentence a line. */
export function ruleText(pack, track) {
  if (!track) return [];
  const out = [];
  if (track.required?.length) out.push(t('ex.rule_required', { list: list(pack, track.required) }));
  for (const g of track.choose ?? []) {
    const what = named(g.names, '');
    const sentence = g.min === g.max
      ? t('ex.rule_electives', { n: num(g.min), list: list(pack, g.from) })
      : t('ex.rule_electives_range', { min: num(g.min), max: num(g.max), list: list(pack, g.from) });
    out.push(what ? `${what}: ${sentence}` : sentence);
  }
  return out;
}

/**
 * Whether SUBJECTS (codes) keep TRACK's rule and EXEMPTIONS (codes) are for
 * subjects taken: null when they do, else the sentence that says why not.
 */
export function checkSubjects(pack, track, subjects, exemptions = []) {
  if (!track) return null;
  if (subjects.length === 0) return t('ex.rule_none');
  const missing = (track.required ?? []).filter((s) => !subjects.includes(s));
  if (missing.length) return t('ex.rule_missing', { list: list(pack, missing) });
  const allowed = new Set([...(track.required ?? []), ...(track.choose ?? []).flatMap((g) => g.from)]);
  for (const g of track.choose ?? []) {
    const n = subjects.filter((s) => g.from.includes(s)).length;
    if (n < g.min || n > g.max) {
      return g.min === g.max
        ? t('ex.rule_count', { n: num(g.min), chosen: num(n) })
        : t('ex.rule_count_range', { min: num(g.min), max: num(g.max), chosen: num(n) });
    }
  }
  const outside = subjects.filter((s) => !allowed.has(s));
  if (outside.length) return t('ex.rule_unknown', { list: list(pack, outside) });
  for (const code of exemptions) {
    const e = pack.exemptions?.find((x) => x.code === code);
    if (e && !subjects.includes(e.subject)) return t('ex.rule_exemption', { exemption: named(e.names, code), subject: subjectName(pack, e.subject) });
  }
  return null;
}
