/*
 * problems.h: every problem the API answers with, in one list.
 *
 * X(NAME, err, status, "code", "English sentence")
 *   NAME      P_NAME in enum problem_id
 *   err       the enum err the domain returns with it
 *   status    the HTTP status
 *   code      the stable machine word of problem+json; clients branch on it,
 *             the web app and the server translate it (i18n key
 *             "error.CODE" in web/i18n/{fa,vi,en}.json; a test fails when a
 *             language lacks one)
 *   sentence  the default detail, when the caller gives none
 * A code may appear twice with two statuses (invalid_totp: 401 at login,
 * 422 when a second factor is set up); it is one i18n key.
 * Codes are public contract: never rename one. docs/errors.md lists them.
 */
#ifndef TABULA_CORE_PROBLEMS_H
#define TABULA_CORE_PROBLEMS_H

/* clang-format off */
#define PROBLEM_LIST(X) \
	/* request framing and JSON (400, 413, 415, 431) */ \
	X(BAD_REQUEST, ERR_BADREQUEST, 400, "bad_request", "The request is not well formed.") \
	X(EMPTY_BODY, ERR_BADREQUEST, 400, "empty_body", "The request has no body; one is required here.") \
	X(MALFORMED_JSON, ERR_BADREQUEST, 400, "malformed_json", "The body is not well-formed JSON.") \
	X(INVALID_UTF8, ERR_BADREQUEST, 400, "invalid_utf8", "The body is not valid UTF-8.") \
	X(DUPLICATE_KEY, ERR_BADREQUEST, 400, "duplicate_key", "A JSON object repeats a key.") \
	X(JSON_TOO_DEEP, ERR_BADREQUEST, 400, "too_deep", "The JSON is nested too deeply.") \
	X(STRING_TOO_LONG, ERR_BADREQUEST, 400, "string_too_long", "A JSON string is too long.") \
	X(NOT_AN_OBJECT, ERR_BADREQUEST, 400, "not_an_object", "The JSON body must be an object.") \
	X(BODY_TOO_LARGE, ERR_TOOLARGE, 413, "body_too_large", "The request body is too large.") \
	X(TOO_LARGE, ERR_TOOLARGE, 413, "too_large", "This is larger than the server accepts at once.") \
	X(EXPORT_TOO_LARGE, ERR_TOOLARGE, 413, "export_too_large", "The export is too large for HTTP; use the command line.") \
	X(UNSUPPORTED_MEDIA_TYPE, ERR_UNSUPPORTED, 415, "unsupported_media_type", "The body's content type is not accepted here.") \
	X(TOO_MANY_HEADERS, ERR_BADREQUEST, 431, "too_many_headers", "The request has too many header fields.") \
	X(BAD_FRAMING, ERR_BADREQUEST, 400, "bad_framing", "The request's length is ambiguous or its chunked body is broken.") \
	X(REQUEST_TIMEOUT, ERR_BADREQUEST, 408, "request_timeout", "The request did not arrive in time.") \
	X(URI_TOO_LONG, ERR_BADREQUEST, 414, "uri_too_long", "The address is too long.") \
	X(HEADERS_TOO_LARGE, ERR_BADREQUEST, 431, "headers_too_large", "The request's header fields are too large.") \
	/* who is calling (401, 403, 429) */ \
	X(UNAUTHORIZED, ERR_UNAUTHORIZED, 401, "unauthorized", "Log in first.") \
	X(INVALID_CREDENTIALS, ERR_UNAUTHORIZED, 401, "invalid_credentials", "The user name or the password is wrong.") \
	X(TOTP_REQUIRED, ERR_UNAUTHORIZED, 401, "totp_required", "Give the code of your authenticator app.") \
	X(INVALID_TOTP, ERR_UNAUTHORIZED, 401, "invalid_totp", "The authenticator code is wrong.") \
	X(INVALID_CODE, ERR_UNAUTHORIZED, 401, "invalid_code", "The one-time code is wrong, used or expired.") \
	X(FORBIDDEN, ERR_FORBIDDEN, 403, "forbidden", "Your role does not allow this.") \
	X(OUT_OF_SCOPE, ERR_FORBIDDEN, 403, "out_of_scope", "This is outside your part of the organisation tree.") \
	X(CSRF, ERR_FORBIDDEN, 403, "csrf", "Send the X-CSRF-Token header with the value of the tabula_csrf cookie.") \
	X(BAD_ORIGIN, ERR_FORBIDDEN, 403, "bad_origin", "This request must come from Tabula's own pages.") \
	X(PASSWORD_CHANGE_REQUIRED, ERR_FORBIDDEN, 403, "password_change_required", "Change your password first.") \
	X(WRONG_PASSWORD, ERR_FORBIDDEN, 403, "wrong_password", "The current password is wrong.") \
	X(NOT_HOMEROOM_TEACHER, ERR_FORBIDDEN, 403, "not_homeroom_teacher", "Only the class's homeroom teacher signs its records first.") \
	X(NOT_PRINCIPAL, ERR_FORBIDDEN, 403, "not_principal", "Only the school's principal seals its records.") \
	X(TOO_MANY_ATTEMPTS, ERR_RETRY, 429, "too_many_attempts", "Too many failed attempts; wait and try again.") \
	/* what is asked for (404, 405) */ \
	X(NOT_FOUND, ERR_NOTFOUND, 404, "not_found", "There is nothing at this address.") \
	X(NOT_LINKED, ERR_NOTFOUND, 404, "not_linked", "This account is not linked to the student.") \
	X(UNKNOWN_POLICY, ERR_NOTFOUND, 404, "unknown_policy", "There is no grading policy of this name.") \
	X(NO_SUCH_ORG, ERR_NOTFOUND, 404, "unknown_org", "No organisation has this code.") \
	X(METHOD_NOT_ALLOWED, ERR_BADREQUEST, 405, "method_not_allowed", "This address does not take this method.") \
	/* state (409) */ \
	X(CONFLICT, ERR_CONFLICT, 409, "conflict", "This conflicts with what is stored.") \
	X(DUPLICATE_CODE, ERR_CONFLICT, 409, "duplicate_code", "This code is taken.") \
	X(DUPLICATE_USERNAME, ERR_CONFLICT, 409, "duplicate_username", "This user name is taken.") \
	X(DUPLICATE_NATIONAL_ID, ERR_CONFLICT, 409, "duplicate_national_id", "A student with this national id is registered.") \
	X(DUPLICATE_GUARDIAN, ERR_CONFLICT, 409, "duplicate_guardian", "This account is already a guardian of the student.") \
	X(CLASS_EXISTS, ERR_CONFLICT, 409, "class_exists", "The school has a class of this name this year.") \
	X(TOTP_ENABLED, ERR_CONFLICT, 409, "totp_enabled", "The second factor is on already.") \
	X(TOTP_NOT_SET_UP, ERR_CONFLICT, 409, "totp_not_set_up", "Set up the second factor first.") \
	X(TOTP_NOT_ENABLED, ERR_CONFLICT, 409, "totp_not_enabled", "The second factor is not on.") \
	X(ALREADY_ENROLLED, ERR_CONFLICT, 409, "already_enrolled", "The student is enrolled already.") \
	X(NOT_ENROLLED, ERR_CONFLICT, 409, "not_enrolled", "The student is not enrolled now.") \
	X(TRANSFER_PENDING, ERR_CONFLICT, 409, "transfer_pending", "A transfer of this student is waiting for a decision.") \
	X(ALREADY_DECIDED, ERR_CONFLICT, 409, "already_decided", "This was decided already.") \
	X(MERGED, ERR_CONFLICT, 409, "merged", "This record was merged into another.") \
	X(TERM_LOCKED, ERR_CONFLICT, 409, "term_locked", "The term is locked.") \
	X(TERM_NOT_LOCKED, ERR_CONFLICT, 409, "term_not_locked", "The term is not locked yet.") \
	X(ALREADY_LOCKED, ERR_CONFLICT, 409, "already_locked", "The term is locked already.") \
	X(NOT_LOCKED, ERR_CONFLICT, 409, "not_locked", "The term is not locked.") \
	X(RESULTS_INCOMPLETE, ERR_CONFLICT, 409, "results_incomplete", "Some results are missing.") \
	X(NO_CLASS, ERR_CONFLICT, 409, "no_class", "The student is in no class this year.") \
	X(NOT_IN_CLASS, ERR_CONFLICT, 409, "not_in_class", "The student is not in this class.") \
	X(NO_HOMEROOM_TEACHER, ERR_CONFLICT, 409, "no_homeroom_teacher", "The class has no homeroom teacher.") \
	X(NO_POLICY, ERR_CONFLICT, 409, "no_policy", "No grading policy applies here.") \
	X(TIMETABLE_CHANGED, ERR_CONFLICT, 409, "timetable_changed", "The timetable changed meanwhile; try again.") \
	X(TEACHER_CLASH, ERR_CONFLICT, 409, "teacher_clash", "The teacher has another class at this time.") \
	X(ROOM_CLASH, ERR_CONFLICT, 409, "room_clash", "The room is taken at this time.") \
	X(RECORD_EXISTS, ERR_CONFLICT, 409, "record_exists", "This record exists already.") \
	X(NOT_DRAFT, ERR_CONFLICT, 409, "not_draft", "The record is not a draft.") \
	X(TEACHER_SIGNS_FIRST, ERR_CONFLICT, 409, "teacher_signs_first", "The homeroom teacher signs first.") \
	X(ALREADY_SEALED, ERR_CONFLICT, 409, "already_sealed", "The record is sealed already.") \
	X(NOT_SEALED, ERR_CONFLICT, 409, "not_sealed", "The record is not sealed.") \
	X(SUPERSEDED, ERR_CONFLICT, 409, "superseded", "A newer version of this record exists.") \
	X(CORRECTION_PENDING, ERR_CONFLICT, 409, "correction_pending", "A correction of this record is in progress.") \
	X(UNCHANGED, ERR_CONFLICT, 409, "unchanged", "Nothing would change.") \
	X(RECORD_STALE, ERR_CONFLICT, 409, "record_stale", "The grades changed since the record was assembled.") \
	X(RECORD_CHANGED, ERR_CONFLICT, 409, "record_changed", "The record changed meanwhile; try again.") \
	X(KEY_CHANGED, ERR_CONFLICT, 409, "key_changed", "The key changed meanwhile; try again.") \
	X(ALREADY_REVOKED, ERR_CONFLICT, 409, "already_revoked", "The key is revoked already.") \
	X(ROUND_NOT_OPEN, ERR_CONFLICT, 409, "round_not_open", "The admission round has not opened yet.") \
	X(ROUND_CLOSED, ERR_CONFLICT, 409, "round_closed", "The admission round has closed.") \
	X(DUPLICATE_APPLICATION, ERR_CONFLICT, 409, "duplicate_application", "The child has an application in this round already.") \
	X(ROUND_STARTED, ERR_CONFLICT, 409, "round_started", "The admission round has opened; it can no longer be changed.") \
	X(ROUND_NOT_CLOSED, ERR_CONFLICT, 409, "round_not_closed", "The admission round has not closed yet.") \
	X(ROUND_SEALED, ERR_CONFLICT, 409, "round_sealed", "The admission round's inputs are sealed already.") \
	X(ROUND_NOT_SEALED, ERR_CONFLICT, 409, "round_not_sealed", "Seal the admission round's inputs first.") \
	/* offers, second rounds, appeals (docs/admissions.md) */ \
	X(ROUND_NOT_RUN, ERR_CONFLICT, 409, "round_not_run", "The admission round has not been run yet.") \
	X(OFFERS_STARTED, ERR_CONFLICT, 409, "offers_started", "Families have answered their offers; the round can no longer be run again.") \
	X(OFFERS_CLOSED, ERR_CONFLICT, 409, "offers_closed", "The round's offers are closed.") \
	X(NO_OFFER, ERR_CONFLICT, 409, "no_offer", "This application holds no offer.") \
	X(OFFER_DECLINED, ERR_CONFLICT, 409, "offer_declined", "The offer was declined; it cannot be accepted any more.") \
	X(SECOND_ROUND_EXISTS, ERR_CONFLICT, 409, "second_round_exists", "The round has a second round already.") \
	X(APPEAL_OPEN, ERR_CONFLICT, 409, "appeal_open", "The application has an open appeal already.") \
	X(APPEAL_DECIDED, ERR_CONFLICT, 409, "appeal_decided", "The appeal has been decided already.") \
	X(ALREADY_REGISTERED, ERR_CONFLICT, 409, "already_registered", "This child is registered already; ask the child's school to link your account to the child.") \
	X(NO_RULE_SET, ERR_CONFLICT, 409, "no_rule_set", "This admission round has no rule set, so it registers no new children.") \
	X(CAMPAIGN_NOT_OPEN, ERR_CONFLICT, 409, "campaign_not_open", "The re-registration has not opened yet.") \
	X(CAMPAIGN_CLOSED, ERR_CONFLICT, 409, "campaign_closed", "The re-registration has closed.") \
	/* input that does not fit (422) */ \
	X(INVALID, ERR_INVALID, 422, "invalid", "This value is not acceptable.") \
	X(REQUIRED, ERR_INVALID, 422, "required", "This field is required.") \
	X(TYPE, ERR_INVALID, 422, "type", "This field has the wrong type.") \
	X(TOO_LONG, ERR_INVALID, 422, "too_long", "This is too long.") \
	X(TOO_SHORT, ERR_INVALID, 422, "too_short", "This is too short.") \
	X(TOO_MANY, ERR_INVALID, 422, "too_many", "There are too many.") \
	X(COUNT, ERR_INVALID, 422, "count", "The number of items is wrong.") \
	X(OUT_OF_RANGE, ERR_INVALID, 422, "out_of_range", "This value is out of range.") \
	X(TOO_PRECISE, ERR_INVALID, 422, "too_precise", "This value has too many decimals.") \
	X(UNKNOWN_VALUE, ERR_INVALID, 422, "unknown_value", "This value is not one of those allowed.") \
	X(DUPLICATE, ERR_INVALID, 422, "duplicate", "This is given twice.") \
	X(FUTURE, ERR_INVALID, 422, "future", "This date is in the future.") \
	X(IMMUTABLE, ERR_INVALID, 422, "immutable", "This field cannot be changed.") \
	X(SELF, ERR_INVALID, 422, "self", "You cannot do this to your own account.") \
	X(UNKNOWN_PARENT, ERR_INVALID, 422, "unknown_parent", "No organisation has this parent code.") \
	X(WRONG_PARENT_KIND, ERR_INVALID, 422, "wrong_parent_kind", "This kind of organisation cannot sit under that parent.") \
	X(SAME_PARENT, ERR_INVALID, 422, "same_parent", "The organisation is under this parent already.") \
	X(ORG_TOO_DEEP, ERR_INVALID, 422, "too_deep", "The organisation tree would be too deep.") \
	X(UNKNOWN_ORG, ERR_INVALID, 422, "unknown_org", "No organisation has this code.") \
	X(UNKNOWN_SCHOOL, ERR_INVALID, 422, "unknown_school", "No school has this code.") \
	X(NOT_A_SCHOOL, ERR_INVALID, 422, "not_a_school", "This organisation is not a school.") \
	X(UNKNOWN_STUDENT, ERR_INVALID, 422, "unknown_student", "No student has this id.") \
	X(UNKNOWN_TEACHER, ERR_INVALID, 422, "unknown_teacher", "No teacher of this school has this user name.") \
	X(UNKNOWN_USER, ERR_INVALID, 422, "unknown_user", "No account has this user name.") \
	X(UNKNOWN_SUBJECT, ERR_INVALID, 422, "unknown_subject", "No subject has this code.") \
	X(UNKNOWN_COUNTRY, ERR_INVALID, 422, "unknown_country", "The country must be IR or VN.") \
	X(WRONG_LENGTH, ERR_INVALID, 422, "wrong_length", "The national id has the wrong number of digits.") \
	X(CHECK_DIGIT, ERR_INVALID, 422, "check_digit", "The national id's check digit is wrong.") \
	X(REPEATED_DIGITS, ERR_INVALID, 422, "repeated_digits", "A national id cannot be one digit repeated.") \
	X(UNKNOWN_PROVINCE, ERR_INVALID, 422, "unknown_province", "The id's province code is unknown.") \
	X(CENTURY_MISMATCH, ERR_INVALID, 422, "century_mismatch", "The id's century digit does not match the birth date.") \
	X(BIRTH_YEAR_MISMATCH, ERR_INVALID, 422, "birth_year_mismatch", "The id's year of birth does not match the birth date.") \
	X(SEX_MISMATCH, ERR_INVALID, 422, "sex_mismatch", "The id's sex digit does not match the stated sex.") \
	X(DIFFERENT_NATIONAL_ID, ERR_INVALID, 422, "different_national_id", "The two records have different national ids.") \
	X(GRADE_NOT_TAUGHT, ERR_INVALID, 422, "grade_not_taught", "The school does not teach this grade.") \
	X(SAME_SCHOOL, ERR_INVALID, 422, "same_school", "The student is at this school already.") \
	X(USE_ENROLMENTS, ERR_INVALID, 422, "use_enrolments", "Change the school through enrolments or transfers.") \
	X(NOT_IN_THIS_CLASS, ERR_INVALID, 422, "not_in_class", "This student is not in the class.") \
	X(NOT_ENROLLED_HERE, ERR_INVALID, 422, "not_enrolled_here", "The student is not enrolled at this school.") \
	X(OUTSIDE_SCHOOL_YEAR, ERR_INVALID, 422, "outside_school_year", "The date is outside the school year.") \
	X(SUBJECT_NOT_IN_CLASS, ERR_INVALID, 422, "subject_not_in_class", "The class does not take this subject.") \
	X(WRONG_ASSESSMENT, ERR_INVALID, 422, "wrong_assessment", "This subject is not assessed this way.") \
	X(SAME_AS_USERNAME, ERR_INVALID, 422, "same_as_username", "The password must differ from the user name.") \
	X(SAME_AS_CURRENT, ERR_INVALID, 422, "same_as_current", "The new password must differ from the current one.") \
	X(INVALID_TOTP_SETUP, ERR_INVALID, 422, "invalid_totp", "The authenticator code is wrong.") \
	X(NOT_CSV, ERR_INVALID, 422, "not_csv", "The file is not CSV text.") \
	X(NO_HEADER, ERR_INVALID, 422, "no_header", "The file has no header line.") \
	X(UNKNOWN_COLUMN, ERR_INVALID, 422, "unknown_column", "The header names an unknown column.") \
	X(DUPLICATE_COLUMN, ERR_INVALID, 422, "duplicate_column", "The header names a column twice.") \
	X(MISSING_COLUMN, ERR_INVALID, 422, "missing_column", "The header lacks a required column.") \
	X(WRONG_FIELD_COUNT, ERR_INVALID, 422, "wrong_field_count", "The line has the wrong number of fields.") \
	X(INVALID_TEXT, ERR_INVALID, 422, "invalid_text", "The text is not valid UTF-8.") \
	X(LINE_TOO_LONG, ERR_INVALID, 422, "line_too_long", "The line is too long.") \
	X(FIELD_TOO_LONG, ERR_INVALID, 422, "field_too_long", "A field is too long.") \
	X(TOO_MANY_FIELDS, ERR_INVALID, 422, "too_many_fields", "The line has too many fields.") \
	X(BAD_QUOTE, ERR_INVALID, 422, "bad_quote", "A quote is out of place.") \
	X(UNTERMINATED_QUOTE, ERR_INVALID, 422, "unterminated_quote", "A quoted field never ends.") \
	X(NOT_TRUST_LIST, ERR_INVALID, 422, "not_trust_list", "This is not a Tabula trust list.") \
	X(TRUST_LIST_SIGNATURE, ERR_INVALID, 422, "trust_list_signature", "The trust list's signature does not verify.") \
	X(SCHOOL_NOT_IN_ROUND, ERR_INVALID, 422, "school_not_in_round", "This school takes no applications in this round.") \
	X(OUTSIDE_ROUND_AREA, ERR_INVALID, 422, "outside_round_area", "This is not under the office that runs the round.") \
	X(UNKNOWN_CATEGORY, ERR_INVALID, 422, "unknown_category", "This round has no priority category by this name.") \
	X(UNKNOWN_DOCUMENT_KIND, ERR_INVALID, 422, "unknown_document_kind", "This round does not ask for this kind of document.") \
	X(UNKNOWN_TARGET, ERR_INVALID, 422, "unknown_target", "The application has no such document or claim to review.") \
	X(NOT_ELIGIBLE, ERR_INVALID, 422, "not_eligible", "Only children without a seat from the first round apply to a second round.") \
	X(UNKNOWN_RULE_SET, ERR_INVALID, 422, "unknown_rule_set", "There is no admission rule set by this name.") \
	X(AGE_NOT_ELIGIBLE, ERR_INVALID, 422, "age_not_eligible", "The child's age does not fit this round's entry grade.") \
	X(NOT_IN_CAMPAIGN, ERR_INVALID, 422, "not_in_campaign", "The child is not enrolled at a school of this re-registration.") \
	/* exams: evidence, review and free candidates (issue 13, ex-review) */ \
	X(MISSING_EVIDENCE, ERR_CONFLICT, 409, "missing_evidence", "A category or an exemption claimed has no evidence yet.") \
	X(ROOMS_ASSIGNED, ERR_CONFLICT, 409, "rooms_assigned", "Rooms are assigned for this session; its registrations no longer change.") \
	X(IDENTITY_MISMATCH, ERR_CONFLICT, 409, "identity_mismatch", "The registry holds this national id with another birth date.") \
	X(EVIDENCE_NOT_CLAIMED, ERR_INVALID, 422, "evidence_not_claimed", "The registration claims no such category or exemption.") \
	X(NOT_FREE_CANDIDATE_SITE, ERR_INVALID, 422, "not_free_candidate_site", "This site does not register free candidates.") \
	/* exams: packs, sessions and registration (docs/exams.md) */ \
	X(REGISTRATION_NOT_OPEN, ERR_CONFLICT, 409, "registration_not_open", "Registration for this exam session has not opened yet.") \
	X(REGISTRATION_CLOSED, ERR_CONFLICT, 409, "registration_closed", "Registration for this exam session has closed.") \
	X(DUPLICATE_REGISTRATION, ERR_CONFLICT, 409, "duplicate_registration", "This candidate is registered for this exam session already.") \
	X(INVALID_COMBINATION, ERR_INVALID, 422, "invalid_combination", "These subjects do not make a combination the exam allows.") \
	X(UNKNOWN_TRACK, ERR_INVALID, 422, "unknown_track", "The exam has no such track for this candidate.") \
	X(UNKNOWN_EXEMPTION, ERR_INVALID, 422, "unknown_exemption", "The exam has no such exemption for these subjects.") \
	X(UNKNOWN_PACK, ERR_INVALID, 422, "unknown_pack", "There is no exam pack by this name.") \
	X(UNKNOWN_TIME_ZONE, ERR_INVALID, 422, "unknown_time_zone", "This time zone is not one Tabula knows.") \
	X(UNKNOWN_REGION, ERR_INVALID, 422, "unknown_region", "This is not a priority region of the exam.") \
	X(UNKNOWN_COUNCIL, ERR_INVALID, 422, "unknown_council", "The session has no exam council with this code.") \
	X(NOT_A_CANDIDATE, ERR_FORBIDDEN, 403, "not_a_candidate", "Only a candidate's own account registers for an exam.") \
	/* exams: rooms, numbers, cards, results and re-marking (docs/exams.md) */ \
	X(REGISTRATION_OPEN, ERR_CONFLICT, 409, "registration_open", "Registration for this exam session is still open; rooms are assigned after it closes.") \
	X(NOT_ENOUGH_ROOMS, ERR_CONFLICT, 409, "not_enough_rooms", "The exam sites of a council have too few rooms for its candidates.") \
	X(NOT_ASSIGNED, ERR_CONFLICT, 409, "not_assigned", "This candidate has no room yet: rooms are assigned after registration closes.") \
	X(RESULTS_NOT_PUBLISHED, ERR_CONFLICT, 409, "results_not_published", "The results of this exam session are not published yet.") \
	X(REMARKS_CLOSED, ERR_CONFLICT, 409, "remarks_closed", "Requests for re-marking are not taken now.") \
	X(INVALID_SCORES, ERR_INVALID, 422, "invalid_scores", "The score file has rows that cannot be imported; nothing was imported.") \
	/* su-clock (issue 18): the support clock, calendars, holidays and escalation (docs/support.md) */ \
	X(SUPPORT_CALENDAR_UNKNOWN, ERR_NOTFOUND, 404, "support_calendar_unknown", "There is no working calendar for this country.") \
	X(INVALID_HOLIDAYS, ERR_INVALID, 422, "invalid_holidays", "The holiday file cannot be loaded; nothing was changed.") \
	X(SUPPORT_HOLIDAY_TAKEN, ERR_CONFLICT, 409, "support_holiday_taken", "A day of this file is a holiday of another year already; nothing was changed.") \
	X(SUPPORT_TOP_LEVEL, ERR_CONFLICT, 409, "support_top_level", "The ticket is at the ministry: there is no level above it.") \
	X(SUPPORT_BOTTOM_LEVEL, ERR_CONFLICT, 409, "support_bottom_level", "The ticket has not come up from a level below: there is nowhere to send it back.") \
	X(SUPPORT_TICKET_CLOSED, ERR_CONFLICT, 409, "support_ticket_closed", "The ticket is resolved or closed: it no longer moves between levels.") \
	/* support: tickets (issue 18, su-tickets; docs/support.md, "Tickets") */ \
	X(SUPPORT_UNKNOWN_CATEGORY, ERR_INVALID, 422, "unknown_support_category", "There is no ticket category by this code in this country.") \
	X(SUPPORT_REASON_REQUIRED, ERR_INVALID, 422, "reason_required", "Give a reason.") \
	X(SUPPORT_READ_ONLY, ERR_FORBIDDEN, 403, "support_read_only", "This ticket was escalated from your level: you may read it, not act on it.") \
	X(TICKET_CLOSED, ERR_CONFLICT, 409, "ticket_closed", "This ticket is resolved or closed; reopen it first.") \
	X(SUPPORT_STATUS_NOT_ALLOWED, ERR_CONFLICT, 409, "status_not_allowed", "The ticket cannot go to this status now.") \
	X(SUPPORT_REOPEN_EXPIRED, ERR_CONFLICT, 409, "reopen_expired", "A resolved ticket can be reopened within 7 days of its resolution; file a new one.") \
	/* the server (500, 503) */ \
	X(INTERNAL, ERR_INTERNAL, 500, "internal", "Something went wrong on the server; it has been logged.") \
	X(SIGNING_KEY_UNUSABLE, ERR_INTERNAL, 500, "signing_key_unusable", "A signing key cannot be opened; it has been logged.") \
	X(OUT_OF_MEMORY, ERR_NOMEM, 503, "out_of_memory", "The server is out of memory. Try again in a moment.") \
	X(RETRY, ERR_RETRY, 503, "retry", "The server is busy. Try again in a moment.") \
	X(BUSY, ERR_RETRY, 503, "busy", "The server is busy. Try again in a moment.") \
	X(STORE_UNAVAILABLE, ERR_UNAVAILABLE, 503, "store_unavailable", "The database cannot be reached or written now. Try again in a moment.") \
	X(SHUTTING_DOWN, ERR_RETRY, 503, "shutting_down", "The server is stopping. Try again in a moment.") \
	X(TOO_MANY_CONNECTIONS, ERR_RETRY, 503, "too_many_connections", "Too many connections from your address. Try again in a moment.") \
	/* ex-load (issue 13): admission control in front of the registration writes */ \
	X(QUEUE_FULL, ERR_RETRY, 503, "queue_full", "Too many requests are waiting to be saved. Nothing was saved; try again in a moment with the same Idempotency-Key.") \
	X(TOTP_UNAVAILABLE, ERR_RETRY, 503, "totp_unavailable", "Second factors need the server secret, which is not set.") \
	X(SIGNING_UNAVAILABLE, ERR_RETRY, 503, "signing_unavailable", "Signing needs the server secret, which is not set.") \
	/* su-desk (issue 18): the knowledge base, satisfaction and reports */ \
	X(ARTICLE_EXISTS, ERR_CONFLICT, 409, "article_exists", "An article has this slug already; PUT it to replace it.") \
	X(SATISFACTION_NOT_YET, ERR_CONFLICT, 409, "satisfaction_not_yet", "The ticket is rated once it is resolved or closed.") \
	X(ALREADY_RATED, ERR_CONFLICT, 409, "already_rated", "This ticket has been rated already.") \
	X(REPORT_PERIOD, ERR_INVALID, 422, "report_period", "The period must start before it ends and span at most 10 years.")
/* clang-format on */

enum problem_id {
	P_NONE = 0,
#define PROBLEM_ENUM(name, err, status, code, sentence) P_##name,
	PROBLEM_LIST(PROBLEM_ENUM)
#undef PROBLEM_ENUM
		P__COUNT
};

/* What the list says of one problem. */
struct problem_def {
	int err;
	int status;
	const char *code;
	const char *i18n_key; /* "error.CODE" */
	const char *sentence;
};

/* The entry of id (P_INTERNAL's for an id out of range). */
const struct problem_def *problem_def(enum problem_id id);
/* The first entry whose code is `code`, or P_NONE. */
enum problem_id problem_by_code(const char *code);

#endif
