/*
 * batch.c: the items of a record batch (batch.h): drafts, the homeroom
 * teacher's signature, the principal's seal.
 */
#include "core/base.h"
#include "core/log.h"
#include "crypto/bytes.h"
#include "crypto/hash.h"
#include "domain/records/batch.h"

int record_batch_push(struct record_batch *b, struct record_item **out)
{
	*out = NULL;
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 16;
		struct record_item *items = arena_calloc(b->a, (size_t)cap, sizeof(*items));
		if (!items)
			return problem_err(&b->p, ERR_NOMEM);
		if (b->n)
			memcpy(items, b->items, (size_t)b->n * sizeof(*items));
		b->items = items;
		b->cap = cap;
	}
	*out = &b->items[b->n++];
	memset(*out, 0, sizeof(**out));
	return ERR_OK;
}

void record_batch_pop(struct record_batch *b)
{
	if (b->n)
		b->n--;
}

int record_batch_note(struct record_batch *b, int64_t **list, int *n, int64_t id)
{
	int64_t *grown = arena_alloc(b->a, (size_t)(*n + 1) * sizeof(int64_t));
	if (!grown)
		return problem_err(&b->p, ERR_NOMEM);
	if (*n)
		memcpy(grown, *list, (size_t)*n * sizeof(int64_t));
	grown[(*n)++] = id;
	*list = grown;
	return ERR_OK;
}

int record_batch_item_of_row(struct record_batch *b, const struct record_row *r,
			     struct record_item **out)
{
	int rc = record_batch_push(b, out);
	if (rc)
		return rc;
	struct record_item *it = *out;
	it->id = r->id;
	it->rev = r->rev;
	it->person_id = r->person_id;
	it->class_id = r->class_id;
	it->grade = r->grade;
	it->version = r->version;
	it->previous_id = r->previous_id;
	it->from = it->to = r->status;
	snprintf(it->uuid, sizeof(it->uuid), "%s", r->uuid);
	snprintf(it->subject_hash, sizeof(it->subject_hash), "%s", r->subject_hash);
	snprintf(it->doc_hash, sizeof(it->doc_hash), "%s", r->doc_hash ? r->doc_hash : "");
	it->credential = r->credential;
	it->teacher_key_id = r->teacher_key_id;
	it->teacher_by = r->teacher_by;
	it->teacher_at = r->teacher_at;
	it->principal_key_id = r->principal_key_id;
	it->principal_by = r->principal_by;
	it->principal_at = r->principal_at;
	return ERR_OK;
}

int record_batch_item_new(struct record_batch *b, const struct record_class *k,
			  const struct record_student *s, int version, int64_t previous_id,
			  struct record_item **out)
{
	int rc = record_batch_push(b, out);
	if (rc)
		return rc;
	struct record_item *it = *out;
	it->person_id = s->person_id;
	it->class_id = k->cls.id;
	it->grade = k->cls.grade;
	it->version = version;
	it->previous_id = previous_id;
	it->from = it->to = RECORD_DRAFT;
	record_uuid(it->uuid);
	return ERR_OK;
}

const char *record_batch_previous_of(struct record_batch *b, const struct record_row *r)
{
	if (!r->previous_id)
		return NULL;
	json_error_t e;
	json_t *j = json_loads(r->credential, 0, &e);
	const char *prev = json_string_value(json_object_get(j, "previousVersion"));
	const char *out = prev ? arena_strdup(b->a, prev) : NULL;
	json_decref(j);
	return out;
}

/* ---- assembling ---- */

/* Student s's subject, canonical, into sb, and its hash. */
static int subject_into(struct record_batch *b, const struct record_class *k,
			const struct record_student *s, struct buf *sb, char hash[RECORD_HASH_HEX],
			bool *complete)
{
	buf_reset(sb);
	int rc = record_subject_write(k, s, sb, complete);
	if (rc)
		return problem_err(&b->p, rc == ERR_INVALID ? ERR_INTERNAL : rc);
	record_hash_hex(sb->p, sb->len, hash);
	return ERR_OK;
}

/* The document d around subject sb, canonical, copied into the arena;
 * *len gets its length. NULL when memory runs out. */
static char *doc_into(struct record_batch *b, const struct record_doc *d, const struct buf *sb,
		      size_t *len)
{
	struct buf db = BUF_INIT(1 << 20);
	char *out = NULL;
	if (!record_doc_write(d, sb->p, sb->len, &db) && (out = arena_alloc(b->a, db.len + 1))) {
		memcpy(out, db.p, db.len + 1);
		*len = db.len;
	}
	buf_release(&db);
	return out;
}

int record_batch_draft(struct record_batch *b, const struct record_class *k,
		       const struct record_student *s, const char *previous, struct record_item *it,
		       bool *complete)
{
	struct buf sb = BUF_INIT(1 << 20);
	int rc = subject_into(b, k, s, &sb, it->subject_hash, complete);
	struct record_doc d = {.uuid = it->uuid,
			       .school_name = k->school_name,
			       .school_code = k->cls.school,
			       .previous = previous};
	size_t len;
	it->doc_hash[0] = '\0';
	it->credential = rc ? NULL : doc_into(b, &d, &sb, &len);
	buf_release(&sb);
	if (rc)
		return rc;
	return it->credential ? ERR_OK : problem_err(&b->p, ERR_NOMEM);
}

/* ---- signing ---- */

/* The active keys of the school and of the signer (made when missing),
 * and the signer's secret key opened once for the batch. */
static int need_keys(struct db_conn *c, struct record_batch *b)
{
	if (b->have_keys)
		return ERR_OK;
	if (!skey_available())
		return skey_unavailable(&b->p);
	enum skey_role role = b->op == RECORD_OP_SEAL ? SKEY_PRINCIPAL : SKEY_HOMEROOM_TEACHER;
	int rc = skey_active_or_new(c, b->a, b->org_id, SKEY_SCHOOL, 0, b->now, &b->school_key,
				    &b->p);
	if (!rc)
		rc = skey_active_or_new(c, b->a, b->org_id, role, b->who->user_id, b->now,
					&b->signer_key, &b->p);
	if (rc)
		return rc;
	rc = skey_open(&b->signer_key, b->sk);
	if (rc == ERR_RETRY)
		return skey_unavailable(&b->p);
	if (rc) {
		log_error("records: signing key %" PRId64 " does not open under this server "
			  "secret",
			  b->signer_key.id);
		return problem_set(&b->p, P_SIGNING_KEY_UNUSABLE, NULL,
				   "The signing key cannot be opened with this server's secret.");
	}
	b->have_keys = true;
	return ERR_OK;
}

/* Item it's stored text gains the signer's proof over the document hash
 * dh, carrying the credential's @context (proofset.h). */
static int add_proof(struct record_batch *b, const uint8_t dh[32], const char *doc, size_t len,
		     struct record_item *it)
{
	json_t *context = record_context_json();
	json_t *proof = NULL;
	int rc = context ? record_proof(dh, &b->signer_key, b->sk, b->now, context, &proof)
			 : ERR_NOMEM;
	json_decref(context);
	it->credential = rc ? NULL : record_proofset_append(b->a, doc, len, proof);
	json_decref(proof);
	if (rc || !it->credential)
		return problem_err(&b->p, rc ? rc : ERR_NOMEM);
	it->signed_now = true;
	return ERR_OK;
}

/* The teacher's credential of s: issued now under the school's key. */
static int teacher_doc(struct record_batch *b, const struct record_class *k, const struct buf *sb,
		       const char *previous, const struct record_item *it, size_t *len, char **doc)
{
	char did[SKEY_DID_MAX];
	skey_did(&b->school_key, did);
	struct record_doc d = {.uuid = it->uuid,
			       .issuer_did = did,
			       .school_name = k->school_name,
			       .school_code = k->cls.school,
			       .valid_from = b->now,
			       .previous = previous};
	*doc = doc_into(b, &d, sb, len);
	return *doc ? ERR_OK : problem_err(&b->p, ERR_NOMEM);
}

int record_batch_teacher_sign(struct db_conn *c, struct record_batch *b,
			      const struct record_class *k, const struct record_student *s,
			      const char *previous, struct record_item *it, bool *complete)
{
	struct buf sb = BUF_INIT(1 << 20);
	char hash[RECORD_HASH_HEX];
	int rc = subject_into(b, k, s, &sb, hash, complete);
	if (!rc && it->id && strcmp(hash, it->subject_hash)) {
		/* The grades changed since the draft was made: refresh it. */
		buf_release(&sb);
		it->stale = true;
		it->to = RECORD_DRAFT;
		return record_batch_draft(b, k, s, previous, it, complete);
	}
	if (!rc && *complete)
		rc = need_keys(c, b);
	char *doc = NULL;
	size_t len = 0;
	if (!rc && *complete)
		rc = teacher_doc(b, k, &sb, previous, it, &len, &doc);
	buf_release(&sb);
	if (rc || !*complete)
		return rc;
	/* What the proofs sign is these bytes: hashed once, kept for the
	 * principal's proof. */
	uint8_t dh[HASH_BYTES];
	hash_sha256(dh, doc, len);
	rc = add_proof(b, dh, doc, len, it);
	if (rc)
		return rc;
	bytes_hex(it->doc_hash, dh, sizeof(dh));
	memcpy(it->subject_hash, hash, sizeof(hash));
	it->to = RECORD_TEACHER_SIGNED;
	it->teacher_by = b->who->user_id;
	it->teacher_at = b->now;
	return ERR_OK;
}

/* The hash of the document the teacher signed, kept with row r. */
static int signed_doc_hash(struct record_batch *b, const struct record_row *r, uint8_t dh[32])
{
	size_t n = strlen(r->credential);
	if (!r->doc_hash || strlen(r->doc_hash) != 64 ||
	    bytes_unhex(dh, 32, r->doc_hash, strlen(r->doc_hash)) || n < 2 ||
	    strcmp(r->credential + n - 2, "]}"))
		return problem_err(&b->p, ERR_DB);
	return ERR_OK;
}

int record_batch_principal_sign(struct db_conn *c, struct record_batch *b,
				const struct record_class *k, const struct record_student *s,
				const struct record_row *r, const char *previous,
				struct record_item *it)
{
	bool complete;
	struct buf sb = BUF_INIT(1 << 20);
	char hash[RECORD_HASH_HEX];
	int rc = subject_into(b, k, s, &sb, hash, &complete);
	buf_release(&sb);
	if (rc)
		return rc;
	if (strcmp(hash, r->subject_hash)) {
		/* Changed since the teacher signed: back to a draft for them. */
		it->stale = true;
		it->to = RECORD_DRAFT;
		it->teacher_key_id = it->teacher_by = it->teacher_at = 0;
		return record_batch_draft(b, k, s, previous, it, &complete);
	}
	/* The document the teacher signed, by its hash: the principal's proof
	 * goes beside theirs without parsing or serialising the record again. */
	uint8_t dh[32];
	rc = need_keys(c, b);
	if (!rc)
		rc = signed_doc_hash(b, r, dh);
	if (!rc)
		rc = add_proof(b, dh, r->credential, strlen(r->credential), it);
	if (rc)
		return rc;
	memcpy(it->subject_hash, hash, sizeof(hash));
	it->to = RECORD_SEALED;
	it->principal_by = b->who->user_id;
	it->principal_at = b->now;
	return ERR_OK;
}
