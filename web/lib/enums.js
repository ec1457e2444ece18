// The closed lists of values the API sends, whose labels live in web/i18n/
// as PREFIX.VALUE. No imports: tests/web/i18n.test.mjs reads this file to
// check that every language has every label.
export const ENUMS = {
  role: ['ministry_admin', 'province_officer', 'district_officer', 'school_admin', 'teacher',
    'guardian', 'student', 'candidate'],
  kind: ['ministry', 'province', 'district', 'school'],
  level: ['primary', 'lower_secondary', 'upper_secondary'],
  sex: ['F', 'M'],
  country: ['IR', 'VN'],
  status: ['enrolled', 'graduated', 'completed', 'dropped_out', 'moved_abroad', 'deceased', 'merged'],
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
    'wrong_password', 'retry', 'bad_origin'],
  action: ['student.read', 'student.update', 'student.list', 'student.create', 'student.history',
    'student.enrol', 'guardian.list', 'guardian.add', 'guardian.remove', 'audit.read',
    'transfer.read', 'transfer.request', 'transfer.approve', 'transfer.refuse'],
};

/** The i18n key of an enum value, e.g. label('role', 'teacher') → "role.teacher". */
export function enumKey(prefix, value) {
  return `${prefix}.${value}`;
}
