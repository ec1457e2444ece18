// What a school's grading policy asks of a teacher, and how its values read
// (docs/grading.md, docs/teaching.md): the assessments a subject takes, the
// kind of value each holds, and labels for marks and results.
import { html } from './html.js';
import { t, label, num, currentLang } from './i18n.js';
import { scoreValue } from './text.js';

/** The assessments a subject takes under POLICY, in the order a teacher enters them. */
export function assessmentsFor(policy, scored) {
  switch (policy) {
    case 'vn-tt22':
      return scored
        ? ['regular1', 'regular2', 'regular3', 'regular4', 'regular5', 'regular6', 'midterm', 'final']
        : ['pass'];
    case 'vn-tt27': return scored ? ['level', 'test'] : ['level'];
    case 'ir-descriptive': return ['level'];
    case 'ir-20': return ['score'];
    default: return [];
  }
}

/**
 * The kind of value of ASSESSMENT under POLICY: 'score10' (0-10, one
 * decimal), 'score20' (0-20, two decimals), 'test' (a whole number 0-10),
 * 'pass' (Đạt or not), or 'choice' with the levels to choose from.
 */
export function valueKind(policy, assessment) {
  if (assessment === 'score') return { kind: 'score20' };
  if (assessment === 'test') return { kind: 'test' };
  if (assessment === 'pass') return { kind: 'choice', choices: ['true', 'false'] };
  if (assessment === 'level') {
    return {
      kind: 'choice',
      choices: policy === 'vn-tt27' ? ['hoan_thanh_tot', 'hoan_thanh', 'chua_hoan_thanh']
        : ['very_good', 'good', 'acceptable', 'needs_effort'],
    };
  }
  return { kind: 'score10' };
}

/** The rule of a typed value, said in the reader's language (shown under a refused cell). */
export function ruleText(kind) {
  if (kind === 'score20') return t('grades.rule_score20');
  if (kind === 'test') return t('grades.rule_test');
  if (kind === 'score10') return t('grades.rule_score10');
  return t('grades.rule_choice');
}

/** The label of a choice value: a level, or Đạt / Chưa đạt for 'true' / 'false'. */
export function choiceLabel(v) {
  if (v === 'true' || v === true) return label('mark', 'dat');
  if (v === 'false' || v === false) return label('mark', 'chua_dat');
  return label('mark', v);
}

/** A stored value as a cell's text to edit: numbers in the reader's digits and decimal sign. */
export function valueToInput(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return num(v);
  return String(v);
}

/** A cell's text as the API takes it. */
export function inputToValue(kind, s) {
  if (kind === 'choice') {
    if (s === '') return null;
    if (s === 'true') return true;
    if (s === 'false') return false;
    return s;
  }
  return scoreValue(s);
}

/** A value or result as text: a number in the reader's digits, a mark's label, a dash for none. */
export function markText(v) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return choiceLabel(v);
  return label('mark', v);
}

/** A term's marks as "TX1 8.5 · GK 7 · CK 9" (the assessments filled), or '' when none. */
export function termMarks(marks, skip = []) {
  const keys = Object.keys(marks ?? {}).filter((k) => !skip.includes(k));
  return keys.map((k) => `${label('assessment_short', k)} ${markText(marks[k])}`).join(' · ');
}

/**
 * A subject's name in the reader's language: its own (Persian or
 * Vietnamese) name when the reader reads that language, else the English one.
 */
export function subjectName(s) {
  if (!s) return '';
  const own = (s.country === 'IR' && currentLang() === 'fa') || (s.country === 'VN' && currentLang() === 'vi');
  return own ? s.name : (s.name_en || s.name);
}

/** A subject's name as markup (the other script isolated). */
export function SubjectName({ s }) {
  return html`<bdi>${subjectName(s)}</bdi>`;
}

/** "Term I" / "Term II" in the reader's words. */
export function termName(k) {
  return label('term', String(k));
}

/** A class as "10A1 · grade 10". */
export function className(c) {
  return t('classes.name', { name: c.name, grade: num(c.grade) });
}
