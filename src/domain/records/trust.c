#include "core/base.h"
#include "core/log.h"
#include "crypto/dataintegrity.h"
#include "domain/records/trust.h"

#include <sodium.h>

/* ---- dates ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (int64_t)(m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool trust_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, se;
	if (!s || strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || s[10] != 'T' || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
		return false;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
	    h > 23 || mi > 59 || se > 60)
		return false;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	int64_t offset = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return false;
		offset = (int64_t)(oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return false;
	}
	if (*p)
		return false;
	*out = days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 + (int64_t)mi * 60 + se -
	       offset;
	return true;
}

static const char *iso(struct arena *a, int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

/* ---- checking a record ---- */

static struct trust_check *add(struct trust_report *r, const char *name, enum trust_result res,
			       const char *detail)
{
	struct trust_check *c = &r->checks[r->n++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->result = res;
	c->detail = detail ? detail : "";
	if (res == TRUST_FAIL)
		r->valid = false;
	return c;
}

/* One proof as the checks see it. */
struct proof_view {
	const json_t *proof;
	bool key_ok;
	uint8_t pk[32];
	char multikey[MULTIKEY_TEXT_MAX];
	bool created_ok;
	int64_t created;
	int lookup_rc;
	struct trust_key key;
};

static const char *role_label(enum skey_role r)
{
	switch (r) {
	case SKEY_HOMEROOM_TEACHER:
		return "homeroom teacher's";
	case SKEY_PRINCIPAL:
		return "principal's";
	case SKEY_SCHOOL:
		return "school's";
	default:
		return "ministry's";
	}
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Is key k trusted for school and role at time t? NULL if so, else why. */
static const char *key_trusted_why(struct arena *a, const char *what, int lookup_rc,
				   const struct trust_key *k, const char *school,
				   enum skey_role role, int64_t t)
{
	if (lookup_rc == ERR_NOTFOUND)
		return arena_printf(a, "%s is not a known signing key", what);
	if (lookup_rc)
		return arena_printf(a, "%s could not be looked up (%s)", what, err_str(lookup_rc));
	if (!same(k->school, school))
		return arena_printf(a, "%s belongs to %s, not to the issuing school %s", what,
				    k->school ? k->school : "no school",
				    school ? school : "(none)");
	if (k->role != role)
		return arena_printf(a, "%s is a %s key, not a %s key", what,
				    skey_role_name(k->role), skey_role_name(role));
	if (t < k->valid_from)
		return arena_printf(a, "%s was not trusted yet at %s (from %s)", what, iso(a, t),
				    iso(a, k->valid_from));
	/* Until is the rotation's second, inclusive: a key rotated in the
	 * second it signed stays trusted for it (revocation is stricter). */
	if (k->valid_until && t > k->valid_until)
		return arena_printf(a, "%s was no longer in use at %s (until %s)", what, iso(a, t),
				    iso(a, k->valid_until));
	return NULL;
}

int trust_check_record(const json_t *cred, int64_t now, trust_lookup_fn lookup, void *lctx,
		       trust_status_fn status, void *sctx, struct arena *a,
		       struct trust_report *out)
{
	memset(out, 0, sizeof(*out));
	out->valid = true;
	const json_t *proofs = json_object_get(cred, "proof");
	size_t np = json_is_array(proofs) ? json_array_size(proofs) : json_is_object(proofs);
	struct proof_view pv[TRUST_MAX_PROOFS];
	memset(pv, 0, sizeof(pv));

	/* signature:N */
	if (!json_is_object(cred) || np == 0) {
		add(out, "signature:1", TRUST_FAIL, "the record has no proof: it is not signed");
		np = 0;
	} else if (np > TRUST_MAX_PROOFS) {
		add(out, "signature:1", TRUST_FAIL, "the record has more proofs than a record has");
		np = 0;
	}
	uint8_t pks[TRUST_MAX_PROOFS][32];
	const char *whys[TRUST_MAX_PROOFS] = {0};
	for (size_t i = 0; i < np; i++) {
		pv[i].proof = json_is_array(proofs) ? json_array_get(proofs, i) : proofs;
		const char *method =
			json_string_value(json_object_get(pv[i].proof, "verificationMethod"));
		pv[i].key_ok = method && !strncmp(method, "did:key:", 8) &&
			       !di_method_key(method, pv[i].pk) &&
			       !multikey_encode(pv[i].pk, pv[i].multikey);
		memcpy(pks[i], pv[i].pk, 32);
		pv[i].created_ok = trust_time_parse(
			json_string_value(json_object_get(pv[i].proof, "created")), &pv[i].created);
	}
	if (np)
		di_verify_set(cred, np, (const uint8_t(*)[32])pks, whys);
	for (size_t i = 0; i < np; i++) {
		char name[24];
		snprintf(name, sizeof(name), "signature:%zu", i + 1);
		if (!pv[i].key_ok)
			add(out, name, TRUST_FAIL,
			    "the proof's verificationMethod is not an Ed25519 did:key");
		else if (whys[i])
			add(out, name, TRUST_FAIL, whys[i]);
		else
			add(out, name, TRUST_PASS,
			    arena_printf(a, "eddsa-jcs-2022 proof by %s verifies", pv[i].multikey));
	}

	/* trust */
	const json_t *issuer = json_object_get(cred, "issuer");
	const char *issuer_id =
		json_string_value(json_is_object(issuer) ? json_object_get(issuer, "id") : issuer);
	const char *school = json_string_value(json_object_get(issuer, "code"));
	int64_t valid_from = 0;
	bool vf_ok = trust_time_parse(json_string_value(json_object_get(cred, "validFrom")),
				      &valid_from);
	struct trust_key ik = {0};
	uint8_t ipk[32];
	char imk[MULTIKEY_TEXT_MAX] = "";
	int irc = ERR_NOTFOUND;
	if (issuer_id && !strncmp(issuer_id, "did:key:", 8) && !strchr(issuer_id, '#') &&
	    !multikey_decode(issuer_id + 8, ipk) && !multikey_encode(ipk, imk))
		irc = lookup(lctx, imk, &ik);
	for (size_t i = 0; i < np; i++)
		pv[i].lookup_rc =
			pv[i].key_ok ? lookup(lctx, pv[i].multikey, &pv[i].key) : ERR_NOTFOUND;
	const char *why = NULL;
	if (!school)
		why = "the issuer names no school (issuer.code)";
	else if (!imk[0])
		why = "the issuer is not a did:key";
	else if (!vf_ok)
		why = "validFrom is not a date, so no key can be checked against it";
	else
		why = key_trusted_why(a, "the issuer's key", irc, &ik, school, SKEY_SCHOOL,
				      valid_from);
	int teachers = 0, principals = 0;
	for (size_t i = 0; i < np && !why; i++) {
		const char *what = arena_printf(a, "proof %zu's key", i + 1);
		enum skey_role want =
			pv[i].key.role == SKEY_PRINCIPAL ? SKEY_PRINCIPAL : SKEY_HOMEROOM_TEACHER;
		if (!pv[i].created_ok)
			why = arena_printf(a, "proof %zu has no valid created date", i + 1);
		else
			why = key_trusted_why(a, what, pv[i].lookup_rc, &pv[i].key, school, want,
					      pv[i].created);
		teachers += want == SKEY_HOMEROOM_TEACHER;
		principals += want == SKEY_PRINCIPAL;
	}
	if (!why && (np != 2 || teachers != 1 || principals != 1))
		why = np < 2 ? "a sealed record has two proofs: the homeroom teacher's and the "
			       "principal's"
			     : "the proofs are not one homeroom teacher's and one principal's";
	if (why)
		add(out, "trust", TRUST_FAIL, why);
	else
		add(out, "trust", TRUST_PASS,
		    arena_printf(a,
				 "signed with the homeroom teacher's and the principal's keys of "
				 "%s, issued under the school's key, each trusted when it signed",
				 school));

	/* revocation */
	why = NULL;
	if (!irc && ik.revoked_at && vf_ok && valid_from >= ik.revoked_at)
		why = arena_printf(a, "the issuer's key was revoked from %s, before validFrom",
				   iso(a, ik.revoked_at));
	for (size_t i = 0; i < np && !why; i++) {
		const struct trust_key *k = &pv[i].key;
		if (!pv[i].lookup_rc && k->revoked_at && pv[i].created_ok &&
		    pv[i].created >= k->revoked_at)
			why = arena_printf(a,
					   "proof %zu's key (the %s) was revoked from %s, before "
					   "it signed at %s",
					   i + 1, role_label(k->role), iso(a, k->revoked_at),
					   iso(a, pv[i].created));
	}
	if (why)
		add(out, "revocation", TRUST_FAIL, why);
	else
		add(out, "revocation", TRUST_PASS, "no key was revoked when it signed");

	/* supersession */
	const char *id = json_string_value(json_object_get(cred, "id"));
	if (!status) {
		add(out, "supersession", TRUST_SKIP,
		    "not checked offline: ask the issuer whether a correction replaced it "
		    "(POST /api/v1/verify)");
	} else if (!id) {
		add(out, "supersession", TRUST_FAIL, "the record has no id");
	} else {
		struct trust_status st = {0};
		int rc = status(sctx, id, cred, &st);
		if (rc)
			add(out, "supersession", TRUST_FAIL,
			    arena_printf(a, "the issuer's records could not be read (%s)",
					 err_str(rc)));
		else if (st.standing == TRUST_CURRENT)
			add(out, "supersession", TRUST_PASS,
			    "the issuer holds this record as presented; no correction replaced it");
		else if (st.standing == TRUST_SUPERSEDED)
			add(out, "supersession", TRUST_FAIL,
			    arena_printf(a, "replaced by the correction %s on %s",
					 st.successor ? st.successor : "?",
					 iso(a, st.superseded_at)));
		else if (st.standing == TRUST_DIFFERENT)
			add(out, "supersession", TRUST_FAIL,
			    "the issuer holds a record with this id but other proofs");
		else if (st.standing == TRUST_UNSEALED)
			add(out, "supersession", TRUST_FAIL,
			    "the issuer holds this record but has not sealed it");
		else
			add(out, "supersession", TRUST_FAIL,
			    "the issuer holds no record with this id");
	}

	/* dates */
	why = NULL;
	int64_t until = 0;
	const char *vu = json_string_value(json_object_get(cred, "validUntil"));
	if (!vf_ok)
		why = "validFrom is missing or not a date";
	else if (valid_from > now + TRUST_SKEW)
		why = arena_printf(a, "validFrom (%s) lies in the future", iso(a, valid_from));
	else if (json_object_get(cred, "validUntil") && !trust_time_parse(vu, &until))
		why = "validUntil is not a date";
	else if (until && until <= now)
		why = arena_printf(a, "the record expired at %s", iso(a, until));
	for (size_t i = 0; i < np && !why; i++) {
		if (!pv[i].created_ok)
			why = arena_printf(a, "proof %zu's created is missing or not a date",
					   i + 1);
		else if (pv[i].created < valid_from)
			why = arena_printf(a, "proof %zu was made (%s) before validFrom (%s)",
					   i + 1, iso(a, pv[i].created), iso(a, valid_from));
		else if (pv[i].created > now + TRUST_SKEW)
			why = arena_printf(a, "proof %zu's created (%s) lies in the future", i + 1,
					   iso(a, pv[i].created));
	}
	if (why)
		add(out, "dates", TRUST_FAIL, why);
	else
		add(out, "dates", TRUST_PASS,
		    arena_printf(a, "valid from %s; signed after it and not in the future",
				 iso(a, valid_from)));
	for (int i = 0; i < out->n; i++)
		if (!out->checks[i].detail)
			return ERR_NOMEM;
	return ERR_OK;
}

/* ---- the trust list ---- */

static json_t *list_key_json(struct db_res *res, struct arena *a)
{
	struct skey k = {0};
	snprintf(k.multikey, sizeof(k.multikey), "%s", db_text(res, 1, NULL));
	char method[SKEY_METHOD_MAX];
	skey_method(&k, method);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", method, "school",
			      db_text(res, 3, NULL), "schoolName", db_text(res, 4, NULL), "role",
			      db_text(res, 2, NULL), "validFrom", iso(a, db_int(res, 5)));
	if (j && !db_null(res, 6))
		json_object_set_new(j, "validUntil", json_string(iso(a, db_int(res, 6))));
	if (j && !db_null(res, 7))
		json_object_set_new(j, "revokedAt", json_string(iso(a, db_int(res, 7))));
	return j;
}

int trust_list_build(struct db_conn *c, const char *school_code, const struct skey *ministry,
		     int64_t now, json_t **out)
{
	*out = NULL;
	struct arena a;
	arena_init(&a, 4096, 0);
	int rc = ERR_OK;
	if (school_code) {
		struct db_res res;
		struct db_val v = DBV_TEXT(school_code);
		rc = db_row(c, Q_ORG_REF_BY_CODE, &v, 1, &res);
		if (!rc) {
			if (strcmp(db_text(&res, 1, NULL), "school"))
				rc = ERR_NOTFOUND;
			db_done(&res);
		}
	}
	json_t *keys = json_array();
	int64_t after = 0;
	for (bool more = !rc; more && !rc;) {
		struct db_res res;
		struct db_val v[] = {school_code ? DBV_TEXT(school_code) : DBV_INT(after),
				     DBV_INT(after), DBV_INT(1000)};
		rc = school_code ? db_query(c, Q_TRUST_LIST_KEYS_SCHOOL, v, 3, &res)
				 : db_query(c, Q_TRUST_LIST_KEYS, v + 1, 2, &res);
		int step = 0, n = 0;
		while (!rc && (step = db_next(&res)) == 1) {
			after = db_int(&res, 0);
			n++;
			json_t *k = list_key_json(&res, &a);
			if (!k || json_array_append_new(keys, k))
				rc = ERR_NOMEM;
		}
		db_done(&res);
		if (!rc && step < 0)
			rc = step;
		more = n == 1000;
		arena_release(&a);
		arena_init(&a, 4096, 0);
	}
	char did[SKEY_DID_MAX];
	skey_did(ministry, did);
	json_t *subject = json_pack("{s:s, s:o}", "type", "TrustList", "keys", keys);
	if (subject && school_code)
		json_object_set_new(subject, "school", json_string(school_code));
	json_t *doc = rc || !subject
			      ? NULL
			      : json_pack("{s:[s,s], s:[s,s], s:{s:s, s:s}, s:s, s:O}", "@context",
					  TRUST_VC_CONTEXT, TRUST_TABULA_CONTEXT, "type",
					  "VerifiableCredential", "TabulaTrustList", "issuer", "id",
					  did, "name", "Tabula trust list", "validFrom",
					  iso(&a, now), "credentialSubject", subject);
	json_decref(subject);
	arena_release(&a);
	if (!rc && !doc)
		rc = ERR_NOMEM;
	*out = doc;
	return rc;
}

int trust_list_sign(json_t *list, const struct skey *ministry, int64_t now)
{
	char created[32], method[SKEY_METHOD_MAX];
	time_iso8601(now, created, sizeof(created));
	skey_method(ministry, method);
	json_t *opt = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
				"cryptosuite", DI_SUITE, "created", created, "verificationMethod",
				method, "proofPurpose", "assertionMethod");
	uint8_t sk[64];
	int rc = opt ? skey_open(ministry, sk) : ERR_NOMEM;
	if (!rc) {
		rc = di_sign(list, opt, sk) ? ERR_INTERNAL : ERR_OK;
		sodium_memzero(sk, sizeof(sk));
	}
	if (!rc)
		rc = json_object_set(list, "proof", opt) ? ERR_NOMEM : ERR_OK;
	json_decref(opt);
	return rc;
}

static int cmp_list_key(const void *a, const void *b)
{
	return strcmp(((const struct trust_list_key *)a)->multikey,
		      ((const struct trust_list_key *)b)->multikey);
}

static int list_fail(struct trust_list *l, const char *why)
{
	l->why = why;
	return ERR_INVALID;
}

int trust_list_load(const json_t *doc, struct arena *a, struct trust_list *l)
{
	memset(l, 0, sizeof(*l));
	const json_t *type = json_object_get(doc, "type");
	bool typed = false;
	for (size_t i = 0; i < json_array_size(type); i++)
		typed |= same(json_string_value(json_array_get(type, i)), "TabulaTrustList");
	const json_t *keys = json_object_get(json_object_get(doc, "credentialSubject"), "keys");
	if (!typed || !json_is_array(keys))
		return list_fail(l, "not a Tabula trust list (type TabulaTrustList with "
				    "credentialSubject.keys)");
	l->issued = json_string_value(json_object_get(doc, "validFrom"));
	l->keys = arena_calloc(a, json_array_size(keys) + 1, sizeof(*l->keys));
	if (!l->keys)
		return ERR_NOMEM;
	for (size_t i = 0; i < json_array_size(keys); i++) {
		const json_t *k = json_array_get(keys, i);
		struct trust_list_key *t = &l->keys[l->n];
		uint8_t pk[32];
		const char *method = json_string_value(json_object_get(k, "id"));
		int role = skey_role_parse(json_string_value(json_object_get(k, "role")));
		const char *school = json_string_value(json_object_get(k, "school"));
		const char *until = json_string_value(json_object_get(k, "validUntil"));
		const char *revoked = json_string_value(json_object_get(k, "revokedAt"));
		if (!method || di_method_key(method, pk) || multikey_encode(pk, t->multikey) ||
		    role < 0 || !school ||
		    !trust_time_parse(json_string_value(json_object_get(k, "validFrom")),
				      &t->key.valid_from) ||
		    (until && !trust_time_parse(until, &t->key.valid_until)) ||
		    (revoked && !trust_time_parse(revoked, &t->key.revoked_at)))
			return list_fail(
				l,
				arena_printf(a, "key %zu of the trust list is malformed", i + 1));
		t->key.role = (enum skey_role)role;
		t->key.school = arena_strdup(a, school);
		if (!t->key.school)
			return ERR_NOMEM;
		l->n++;
	}
	qsort(l->keys, l->n, sizeof(*l->keys), cmp_list_key);
	const json_t *proof = json_object_get(doc, "proof");
	const char *method = json_string_value(json_object_get(proof, "verificationMethod"));
	const char *issuer =
		json_string_value(json_object_get(json_object_get(doc, "issuer"), "id"));
	if (!json_is_object(proof) || !method)
		return list_fail(l, "the trust list is not signed");
	snprintf(l->signer, sizeof(l->signer), "%s", method);
	uint8_t pk[32];
	const char *why = NULL;
	if (strncmp(method, "did:key:", 8) || di_method_key(method, pk))
		why = "its signer is not a did:key";
	else if (!issuer || strncmp(method, issuer, strlen(issuer)) ||
		 method[strlen(issuer)] != '#')
		why = "it is signed by a key other than its issuer's";
	else if (di_verify(doc, proof, pk, &why) == 0)
		why = NULL;
	l->signature_ok = why == NULL;
	l->why = why;
	return ERR_OK;
}

int trust_list_lookup(void *ctx, const char *multikey, struct trust_key *out)
{
	const struct trust_list *l = ctx;
	struct trust_list_key want = {0};
	snprintf(want.multikey, sizeof(want.multikey), "%s", multikey);
	const struct trust_list_key *hit =
		l->n ? bsearch(&want, l->keys, l->n, sizeof(*l->keys), cmp_list_key) : NULL;
	if (!hit)
		return ERR_NOTFOUND;
	*out = hit->key;
	return ERR_OK;
}
