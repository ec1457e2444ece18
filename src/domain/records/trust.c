/*
 * trust.c: checking a signed school record (trust.h), one named check
 * after another, and the dates they read.
 */
#include "core/base.h"
#include "core/log.h"
#include "crypto/dataintegrity.h"
#include "domain/records/trust.h"

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

const char *trust_time_iso(struct arena *a, int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

/* ---- what the checks read of a record ---- */

/* One proof as the checks see it. */
struct proof_view {
	const json_t *proof;
	bool key_ok; /* its verificationMethod is an Ed25519 did:key */
	uint8_t pk[32];
	char multikey[MULTIKEY_TEXT_MAX];
	bool created_ok;
	int64_t created;
	int lookup_rc; /* the key's lookup: ERR_OK, ERR_NOTFOUND or an error */
	struct trust_key key;
};

/* The record as the checks read it, once. */
struct record_view {
	const json_t *cred;
	size_t np; /* proofs checked: 0 when there are none, or too many */
	struct proof_view pv[TRUST_MAX_PROOFS];
	const char *school; /* issuer.code */
	bool vf_ok;	    /* validFrom is a date */
	int64_t valid_from;
	char imk[MULTIKEY_TEXT_MAX]; /* the issuer's key; "" if it is not a did:key */
	int irc;		     /* its lookup */
	struct trust_key ik;
	bool card; /* an exam admission card (type TRUST_CARD_TYPE): one proof, the issuer's */
};

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

/* Read proof i: its key from the verificationMethod, its created date. */
static void view_proof(struct proof_view *p, const json_t *proof)
{
	p->proof = proof;
	const char *method = json_string_value(json_object_get(proof, "verificationMethod"));
	p->key_ok = method && !strncmp(method, "did:key:", 8) && !di_method_key(method, p->pk) &&
		    !multikey_encode(p->pk, p->multikey);
	p->created_ok =
		trust_time_parse(json_string_value(json_object_get(proof, "created")), &p->created);
}

/* Read the record; a record without proofs, or with more than a record
 * has, fails signature:1 here and has its proofs left unread. */
static void view_record(struct record_view *v, const json_t *cred, struct trust_report *out)
{
	memset(v, 0, sizeof(*v));
	v->cred = cred;
	const json_t *proofs = json_object_get(cred, "proof");
	size_t np = json_is_array(proofs) ? json_array_size(proofs) : json_is_object(proofs);
	if (!json_is_object(cred) || np == 0) {
		add(out, "signature:1", TRUST_FAIL, "the record has no proof: it is not signed");
		np = 0;
	} else if (np > TRUST_MAX_PROOFS) {
		add(out, "signature:1", TRUST_FAIL, "the record has more proofs than a record has");
		np = 0;
	}
	v->np = np;
	for (size_t i = 0; i < np; i++)
		view_proof(&v->pv[i], json_is_array(proofs) ? json_array_get(proofs, i) : proofs);
	const json_t *issuer = json_object_get(cred, "issuer");
	const char *issuer_id =
		json_string_value(json_is_object(issuer) ? json_object_get(issuer, "id") : issuer);
	uint8_t ipk[32];
	if (issuer_id && !strncmp(issuer_id, "did:key:", 8) && !strchr(issuer_id, '#') &&
	    !multikey_decode(issuer_id + 8, ipk) && multikey_encode(ipk, v->imk))
		v->imk[0] = '\0';
	v->school = json_string_value(json_object_get(issuer, "code"));
	const json_t *type = json_object_get(cred, "type");
	for (size_t i = 0; i < json_array_size(type); i++) {
		const char *t = json_string_value(json_array_get(type, i));
		v->card |= t && !strcmp(t, TRUST_CARD_TYPE);
	}
	v->vf_ok = trust_time_parse(json_string_value(json_object_get(cred, "validFrom")),
				    &v->valid_from);
}

/* Find the issuer's key and each proof's. */
static void look_up_keys(struct record_view *v, trust_lookup_fn lookup, void *lctx)
{
	v->irc = v->imk[0] ? lookup(lctx, v->imk, &v->ik) : ERR_NOTFOUND;
	for (size_t i = 0; i < v->np; i++) {
		struct proof_view *p = &v->pv[i];
		p->lookup_rc = p->key_ok ? lookup(lctx, p->multikey, &p->key) : ERR_NOTFOUND;
	}
}

/* ---- the checks ---- */

/* signature:N: each proof verifies (eddsa-jcs-2022) with its did:key. */
static void check_signatures(const struct record_view *v, struct arena *a, struct trust_report *out)
{
	if (!v->np)
		return;
	uint8_t pks[TRUST_MAX_PROOFS][32];
	const char *whys[TRUST_MAX_PROOFS] = {0};
	for (size_t i = 0; i < v->np; i++)
		memcpy(pks[i], v->pv[i].pk, 32);
	di_verify_set(v->cred, v->np, (const uint8_t(*)[32])pks, whys);
	for (size_t i = 0; i < v->np; i++) {
		char name[40];
		snprintf(name, sizeof(name), "signature:%zu", i + 1);
		if (!v->pv[i].key_ok)
			add(out, name, TRUST_FAIL,
			    "the proof's verificationMethod is not an Ed25519 did:key");
		else if (whys[i])
			add(out, name, TRUST_FAIL, whys[i]);
		else
			add(out, name, TRUST_PASS,
			    arena_printf(a, "eddsa-jcs-2022 proof by %s verifies",
					 v->pv[i].multikey));
	}
}

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
		return arena_printf(a, "%s was not trusted yet at %s (from %s)", what,
				    trust_time_iso(a, t), trust_time_iso(a, k->valid_from));
	/* Until is the rotation's second, inclusive: a key rotated in the
	 * second it signed stays trusted for it (revocation is stricter). */
	if (k->valid_until && t > k->valid_until)
		return arena_printf(a, "%s was no longer in use at %s (until %s)", what,
				    trust_time_iso(a, t), trust_time_iso(a, k->valid_until));
	return NULL;
}

/* Why the issuer is not the school's key trusted at validFrom, or NULL. */
static const char *issuer_why(const struct record_view *v, struct arena *a)
{
	if (!v->school)
		return "the issuer names no school (issuer.code)";
	if (!v->imk[0])
		return "the issuer is not a did:key";
	if (!v->vf_ok)
		return "validFrom is not a date, so no key can be checked against it";
	return key_trusted_why(a, "the issuer's key", v->irc, &v->ik, v->school, SKEY_SCHOOL,
			       v->valid_from);
}

/* Why the proofs are not one homeroom teacher's and one principal's key of
 * the school, each trusted when it signed, or NULL. */
static const char *signers_why(const struct record_view *v, struct arena *a)
{
	int teachers = 0, principals = 0;
	for (size_t i = 0; i < v->np; i++) {
		const struct proof_view *p = &v->pv[i];
		enum skey_role want =
			p->key.role == SKEY_PRINCIPAL ? SKEY_PRINCIPAL : SKEY_HOMEROOM_TEACHER;
		const char *why =
			!p->created_ok
				? arena_printf(a, "proof %zu has no valid created date", i + 1)
				: key_trusted_why(a, arena_printf(a, "proof %zu's key", i + 1),
						  p->lookup_rc, &p->key, v->school, want,
						  p->created);
		if (why)
			return why;
		teachers += want == SKEY_HOMEROOM_TEACHER;
		principals += want == SKEY_PRINCIPAL;
	}
	if (v->np != 2 || teachers != 1 || principals != 1)
		return v->np < 2 ? "a sealed record has two proofs: the homeroom teacher's and the "
				   "principal's"
				 : "the proofs are not one homeroom teacher's and one principal's";
	return NULL;
}

/* An admission card's signer: one proof, by the issuer's own key (the
 * exam office's), trusted when it signed; NULL if so, else why. */
static const char *card_signer_why(const struct record_view *v, struct arena *a)
{
	if (v->np != 1)
		return "an admission card has one proof: the exam office's";
	const struct proof_view *p = &v->pv[0];
	if (!p->created_ok)
		return "proof 1 has no valid created date";
	if (strcmp(p->multikey, v->imk))
		return "proof 1 is not made with the issuer's key";
	return key_trusted_why(a, "proof 1's key", p->lookup_rc, &p->key, v->school, SKEY_SCHOOL,
			       p->created);
}

/* trust: the issuer's key, then each signer's. */
static void check_trust(const struct record_view *v, struct arena *a, struct trust_report *out)
{
	const char *why = issuer_why(v, a);
	if (!why)
		why = v->card ? card_signer_why(v, a) : signers_why(v, a);
	if (why)
		add(out, "trust", TRUST_FAIL, why);
	else if (v->card)
		add(out, "trust", TRUST_PASS,
		    arena_printf(a,
				 "an admission card signed with the key of the exam office %s, "
				 "trusted when it signed",
				 v->school));
	else
		add(out, "trust", TRUST_PASS,
		    arena_printf(a,
				 "signed with the homeroom teacher's and the principal's keys of "
				 "%s, issued under the school's key, each trusted when it signed",
				 v->school));
}

/* revocation: no key was revoked at or before the time it signed. */
static void check_revocation(const struct record_view *v, struct arena *a, struct trust_report *out)
{
	const char *why = NULL;
	if (!v->irc && v->ik.revoked_at && v->vf_ok && v->valid_from >= v->ik.revoked_at)
		why = arena_printf(a, "the issuer's key was revoked from %s, before validFrom",
				   trust_time_iso(a, v->ik.revoked_at));
	for (size_t i = 0; i < v->np && !why; i++) {
		const struct proof_view *p = &v->pv[i];
		const struct trust_key *k = &p->key;
		if (!p->lookup_rc && k->revoked_at && p->created_ok && p->created >= k->revoked_at)
			why = arena_printf(a,
					   "proof %zu's key (the %s) was revoked from %s, before "
					   "it signed at %s",
					   i + 1, role_label(k->role),
					   trust_time_iso(a, k->revoked_at),
					   trust_time_iso(a, p->created));
	}
	if (why)
		add(out, "revocation", TRUST_FAIL, why);
	else
		add(out, "revocation", TRUST_PASS, "no key was revoked when it signed");
}

/* What the issuer says of the record's standing, as a check's detail. */
static const char *standing_why(const struct trust_status *st, struct arena *a)
{
	switch (st->standing) {
	case TRUST_CURRENT:
		return NULL;
	case TRUST_SUPERSEDED:
		return arena_printf(a, "replaced by the correction %s on %s",
				    st->successor ? st->successor : "?",
				    trust_time_iso(a, st->superseded_at));
	case TRUST_DIFFERENT:
		return "the issuer holds a record with this id but other proofs";
	case TRUST_UNSEALED:
		return "the issuer holds this record but has not sealed it";
	default:
		return "the issuer holds no record with this id";
	}
}

/* supersession: online, the issuer holds the record as presented and no
 * correction replaced it; offline (no status), skipped. */
static void check_supersession(const struct record_view *v, trust_status_fn status, void *sctx,
			       struct arena *a, struct trust_report *out)
{
	const char *id = json_string_value(json_object_get(v->cred, "id"));
	if (v->card) {
		add(out, "supersession", TRUST_SKIP,
		    "an admission card is not kept as a record: its signature, its key and its "
		    "dates decide");
		return;
	}
	if (!status) {
		add(out, "supersession", TRUST_SKIP,
		    "not checked offline: ask the issuer whether a correction replaced it "
		    "(POST /api/v1/verify)");
		return;
	}
	if (!id) {
		add(out, "supersession", TRUST_FAIL, "the record has no id");
		return;
	}
	struct trust_status st = {0};
	int rc = status(sctx, id, v->cred, &st);
	const char *why =
		rc ? arena_printf(a, "the issuer's records could not be read (%s)", err_str(rc))
		   : standing_why(&st, a);
	if (why)
		add(out, "supersession", TRUST_FAIL, why);
	else
		add(out, "supersession", TRUST_PASS,
		    "the issuer holds this record as presented; no correction replaced it");
}

/* Why validFrom and validUntil do not hold at `now`, or NULL. */
static const char *validity_why(const struct record_view *v, int64_t now, struct arena *a)
{
	int64_t until = 0;
	const char *vu = json_string_value(json_object_get(v->cred, "validUntil"));
	if (!v->vf_ok)
		return "validFrom is missing or not a date";
	if (v->valid_from > now + TRUST_SKEW)
		return arena_printf(a, "validFrom (%s) lies in the future",
				    trust_time_iso(a, v->valid_from));
	if (json_object_get(v->cred, "validUntil") && !trust_time_parse(vu, &until))
		return "validUntil is not a date";
	if (until && until <= now)
		return arena_printf(a, "the record expired at %s", trust_time_iso(a, until));
	return NULL;
}

/* dates: the record is valid now, each proof made after validFrom and not
 * in the future. */
static void check_dates(const struct record_view *v, int64_t now, struct arena *a,
			struct trust_report *out)
{
	const char *why = validity_why(v, now, a);
	for (size_t i = 0; i < v->np && !why; i++) {
		const struct proof_view *p = &v->pv[i];
		if (!p->created_ok)
			why = arena_printf(a, "proof %zu's created is missing or not a date",
					   i + 1);
		else if (p->created < v->valid_from)
			why = arena_printf(a, "proof %zu was made (%s) before validFrom (%s)",
					   i + 1, trust_time_iso(a, p->created),
					   trust_time_iso(a, v->valid_from));
		else if (p->created > now + TRUST_SKEW)
			why = arena_printf(a, "proof %zu's created (%s) lies in the future", i + 1,
					   trust_time_iso(a, p->created));
	}
	if (why)
		add(out, "dates", TRUST_FAIL, why);
	else
		add(out, "dates", TRUST_PASS,
		    arena_printf(a, "valid from %s; signed after it and not in the future",
				 trust_time_iso(a, v->valid_from)));
}

int trust_check_record(const json_t *cred, int64_t now, trust_lookup_fn lookup, void *lctx,
		       trust_status_fn status, void *sctx, struct arena *a,
		       struct trust_report *out)
{
	memset(out, 0, sizeof(*out));
	out->valid = true;
	struct record_view v;
	view_record(&v, cred, out);
	check_signatures(&v, a, out);
	look_up_keys(&v, lookup, lctx);
	check_trust(&v, a, out);
	check_revocation(&v, a, out);
	check_supersession(&v, status, sctx, a, out);
	check_dates(&v, now, a, out);
	/* A detail the arena could not hold. */
	for (int i = 0; i < out->n; i++)
		if (!out->checks[i].detail)
			return ERR_NOMEM;
	return ERR_OK;
}
