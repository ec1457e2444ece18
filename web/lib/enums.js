// The closed lists of values the API sends, whose labels live in web/i18n/
// as PREFIX.VALUE. No imports: tests/web/i18n.test.mjs reads this file to
// check that every language has every label.
export const ENUMS = {
  role: ['ministry_admin', 'province_officer', 'district_officer', 'school_admin', 'teacher',
    'guardian', 'student', 'candidate', 'support_agent'],
  kind: ['ministry', 'province', 'district', 'school'],
  level: ['primary', 'lower_secondary', 'upper_secondary'],
  sex: ['F', 'M'],
  country: ['IR', 'VN'],
  status: ['enrolled', 'graduated', 'completed', 'dropped_out', 'moved_abroad', 'deceased', 'merged', 'applicant'],
  end_reason: ['promoted', 'repeated', 'transferred', 'graduated', 'completed', 'dropped_out',
    'moved_abroad', 'deceased', 'merged'],
  transfer_status: ['requested', 'approved', 'refused'],
  job_status: ['running', 'done', 'failed'],
  relation: ['mother', 'father', 'guardian', 'other'],
  // Problem codes (docs/errors.md) the app explains in the reader's language.
  error: ['unauthorized', 'invalid_credentials', 'forbidden', 'out_of_scope', 'not_found',
    'duplicate_national_id', 'already_enrolled', 'not_enrolled', 'transfer_pending',
    'already_decided', 'merged', 'body_too_large', 'required', 'type', 'invalid', 'too_long',
    'out_of_range', 'unknown_org', 'unknown_school', 'not_a_school', 'unknown_student',
    'wrong_length', 'check_digit', 'repeated_digits', 'unknown_province', 'century_mismatch',
    'birth_year_mismatch', 'sex_mismatch', 'grade_not_taught', 'same_school', 'not_csv',
    'no_header', 'unknown_column', 'duplicate_column', 'missing_column', 'busy', 'internal',
    'network', 'csrf', 'password_change_required', 'too_many_attempts', 'totp_required',
    'invalid_totp', 'invalid_code', 'too_short', 'same_as_username', 'same_as_current',
    'wrong_password', 'retry', 'bad_origin', 'too_precise', 'unknown_value', 'wrong_assessment',
    'subject_not_in_class', 'term_locked', 'already_locked', 'not_locked', 'no_policy',
    'not_in_class', 'teacher_clash', 'room_clash', 'unknown_teacher', 'count'],
  action: ['student.read', 'student.update', 'student.list', 'student.create', 'student.history',
    'student.enrol', 'guardian.list', 'guardian.add', 'guardian.remove', 'audit.read',
    'transfer.read', 'transfer.request', 'transfer.approve', 'transfer.refuse', 'class.read',
    'class.place', 'grades.read', 'grades.update', 'report_card.read'],
  // Teaching (docs/teaching.md, docs/grading.md).
  policy: ['vn-tt22', 'vn-tt27', 'ir-descriptive', 'ir-20'],
  assessment: ['regular1', 'regular2', 'regular3', 'regular4', 'regular5', 'regular6', 'midterm',
    'final', 'score', 'level', 'test', 'pass'],
  // The short form of an assessment, in a cell's list of a term's marks.
  assessment_short: ['regular1', 'regular2', 'regular3', 'regular4', 'regular5', 'regular6',
    'midterm', 'final', 'score', 'level', 'test', 'pass'],
  // A subject's mark: vn-tt22 by comment, vn-tt27 and ir-descriptive levels.
  mark: ['dat', 'chua_dat', 'hoan_thanh_tot', 'hoan_thanh', 'chua_hoan_thanh', 'very_good', 'good',
    'acceptable', 'needs_effort'],
  // A term's or the year's overall result.
  result: ['incomplete', 'tot', 'kha', 'dat', 'chua_dat', 'hoan_thanh_xuat_sac', 'hoan_thanh_tot',
    'hoan_thanh', 'chua_hoan_thanh', 'promoted', 'remedial', 'passed', 'failed'],
  term: ['1', '2'],
  attendance: ['present', 'late', 'absent_unexcused', 'absent_excused'],
  // ISO weekdays, 1 Monday to 7 Sunday.
  weekday: ['1', '2', '3', '4', '5', '6', '7'],
  // Admissions (docs/admissions.md): the documents the rule sets ask for
  // (another kind shows as its code), a review's state, an application's
  // status, an offer's and an appeal's.
  doc_kind: ['birth_certificate', 'proof_of_address', 'sibling_proof', 'health_screening',
    'category_certificate'],
  review: ['pending', 'verified', 'returned'],
  app_status: ['submitted', 'returned', 'verified'],
  offer: ['offered', 'accepted', 'declined'],
  appeal: ['open', 'upheld', 'dismissed'],
  rereg_status: ['upcoming', 'open', 'closed'],
};

/** The i18n key of an enum value, e.g. label('role', 'teacher') → "role.teacher". */
export function enumKey(prefix, value) {
  return `${prefix}.${value}`;
}
