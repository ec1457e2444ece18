/* Unit tests of src/domain/access/audit_checkpoint.c: checkpoints signed
 * with the key derived from the server secret, caught when altered or
 * signed by another key, read back from their JSON; and the chain checked
 * against them (audit_verify_anchors) after a rewrite that recomputes every
 * hash, which the chain alone cannot see. */
#include "unit.h"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>

#include "core/err.h"
#include "crypto/secret.h"
#include "domain/access/audit_checkpoint.h"

#include "store.h"

/* Load a 32-byte secret made of byte b, from a file in dir. */
static void load_secret(const char *dir, unsigned char b)
{
	char path[400], err[256] = "";
	unsigned char bytes[32];
	memset(bytes, b, sizeof(bytes));
	snprintf(path, sizeof(path), "%s/secret-%u", dir, b);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, sizeof(bytes)), (ssize_t)sizeof(bytes));
	close(fd);
	if (secret_load(path, err, sizeof(err)))
		fail_msg("secret_load: %s", err);
}

static int setup(void **state)
{
	return unit_store_setup(state, "checkpoint.db", 1);
}

static int teardown(void **state)
{
	secret_unload();
	return unit_store_teardown(state);
}

static int append_fn(struct db_conn *c, void *arg)
{
	struct audit_entry e[3];
	for (int i = 0; i < 3; i++)
		e[i] = (struct audit_entry){.username = "sara",
					    .role = "school_admin",
					    .org_code = "S1",
					    .action = "student.read",
					    .person_id = 100 + i,
					    .allowed = true,
					    .ip = "127.0.0.1"};
	UNUSED(arg);
	return audit_append(c, e, 3);
}

static void fill(struct unit_store *f, int batches)
{
	for (int b = 0; b < batches; b++)
		assert_int_equal(db_write(f->db, append_fn, NULL), ERR_OK);
}

struct anchors_job {
	const struct audit_anchor *a;
	size_t n;
	struct audit_report rep;
};

static int anchors_fn(struct db_conn *c, void *arg)
{
	struct anchors_job *j = arg;
	return audit_verify_anchors(c, j->a, j->n, &j->rep);
}

/* The chain against checkpoints cp[0..n). */
static int check(struct unit_store *f, const struct audit_checkpoint *cp, size_t n,
		 struct audit_report *rep)
{
	struct audit_anchor a[8];
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++)
		a[i] = (struct audit_anchor){cp[i].count, cp[i].head};
	struct anchors_job j = {.a = a, .n = n};
	int rc = db_read(f->db, anchors_fn, &j);
	*rep = j.rep;
	return rc;
}

/*
 * Rewrite the chain behind the server's back from entry `from`: change
 * that entry's ip, recompute its hash and every later entry's prev_hash
 * and hash, and move the head to match, as someone who knows the formula
 * (it is public) would.
 */
static void rewrite_from(struct unit_store *f, int64_t from)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_exec(h, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	char prev[AUDIT_HASH_HEX] = AUDIT_ZERO_HASH;
	sqlite3_stmt *q, *up;
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT seq, at, user_id, username, role, org_code, "
					    "action, person_id, subject, allowed, ip, hash "
					    "FROM audit_log ORDER BY seq",
					    -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
					    "UPDATE audit_log SET ip = ?, prev_hash = ?, hash = ? "
					    "WHERE seq = ?",
					    -1, &up, NULL),
			 SQLITE_OK);
	int64_t last = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct audit_entry e = {
			.seq = sqlite3_column_int64(q, 0),
			.at = sqlite3_column_int64(q, 1),
			.user_id = sqlite3_column_int64(q, 2),
			.username = (const char *)sqlite3_column_text(q, 3),
			.role = (const char *)sqlite3_column_text(q, 4),
			.org_code = (const char *)sqlite3_column_text(q, 5),
			.action = (const char *)sqlite3_column_text(q, 6),
			.person_id = sqlite3_column_int64(q, 7),
			.subject = (const char *)sqlite3_column_text(q, 8),
			.allowed = sqlite3_column_int(q, 9) != 0,
			.ip = (const char *)sqlite3_column_text(q, 10),
		};
		last = e.seq;
		if (e.seq < from) {
			snprintf(prev, sizeof(prev), "%s",
				 (const char *)sqlite3_column_text(q, 11));
			continue;
		}
		if (e.seq == from)
			e.ip = "10.6.6.6";
		char hash[AUDIT_HASH_HEX];
		assert_int_equal(audit_hash(prev, &e, hash), ERR_OK);
		sqlite3_bind_text(up, 1, e.ip, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 2, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 3, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 4, e.seq);
		assert_int_equal(sqlite3_step(up), SQLITE_DONE);
		sqlite3_reset(up);
		memcpy(prev, hash, sizeof(prev));
	}
	sqlite3_finalize(q);
	sqlite3_finalize(up);
	char sql[200];
	snprintf(sql, sizeof(sql), "UPDATE audit_head SET seq = %" PRId64 ", hash = '%s'", last,
		 prev);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

UNIT_TEST_WITH(test_sign_and_check, setup, teardown)
{
	struct unit_store *f = *state;
	struct audit_checkpoint cp;
	struct audit_report rep;
	char key[MULTIKEY_TEXT_MAX];
	const char *why = NULL;

	/* No secret, no checkpoint. */
	assert_int_equal(audit_checkpoint_make(f->db, 1700000000, &cp, &rep), ERR_RETRY);
	assert_int_equal(audit_checkpoint_key(key), ERR_RETRY);

	load_secret(f->dir, 1);
	fill(f, 2);
	assert_int_equal(audit_checkpoint_make(f->db, 1700000000, &cp, &rep), ERR_OK);
	assert_int_equal(cp.count, 6);
	assert_string_equal(cp.head, rep.head_hash);
	assert_string_equal(cp.at, "2023-11-14T22:13:20Z");
	assert_int_equal(audit_checkpoint_key(key), ERR_OK);
	assert_string_equal(cp.key, key);
	assert_memory_equal(key, "z6Mk", 4);
	assert_int_equal(audit_checkpoint_check(&cp, key, &why), ERR_OK);

	/* The key is the secret's: the same from another process, another
	 * for another secret. */
	char again[MULTIKEY_TEXT_MAX], other[MULTIKEY_TEXT_MAX];
	secret_unload();
	load_secret(f->dir, 1);
	assert_int_equal(audit_checkpoint_key(again), ERR_OK);
	assert_string_equal(again, key);
	load_secret(f->dir, 2);
	assert_int_equal(audit_checkpoint_key(other), ERR_OK);
	assert_string_not_equal(other, key);

	/* JSON there and back. */
	json_t *j = audit_checkpoint_json(&cp);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "type")), AUDIT_CHECKPOINT_TYPE);
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 6);
	struct audit_checkpoint back;
	assert_int_equal(audit_checkpoint_from_json(j, &back, &why), ERR_OK);
	assert_memory_equal(&back, &cp, sizeof(cp));
	json_object_set_new(j, "head", json_string("ABC"));
	assert_int_equal(audit_checkpoint_from_json(j, &back, &why), ERR_INVALID);
	assert_non_null(strstr(why, "head"));
	json_object_set_new(j, "head", json_string(cp.head));
	json_object_set_new(j, "count", json_integer(-1));
	assert_int_equal(audit_checkpoint_from_json(j, &back, &why), ERR_INVALID);
	json_object_del(j, "count");
	assert_int_equal(audit_checkpoint_from_json(j, &back, &why), ERR_INVALID);
	json_decref(j);
}

UNIT_TEST_WITH(test_forged, setup, teardown)
{
	struct unit_store *f = *state;
	struct audit_checkpoint cp, forged;
	struct audit_report rep;
	char key[MULTIKEY_TEXT_MAX];
	const char *why = NULL;
	load_secret(f->dir, 1);
	fill(f, 2);
	assert_int_equal(audit_checkpoint_make(f->db, 1700000000, &cp, &rep), ERR_OK);
	assert_int_equal(audit_checkpoint_key(key), ERR_OK);

	/* Any signed field changed: the signature no longer verifies. */
	forged = cp;
	forged.count = 5;
	assert_int_equal(audit_checkpoint_check(&forged, key, &why), ERR_INVALID);
	assert_non_null(strstr(why, "does not verify"));
	forged = cp;
	forged.head[0] = forged.head[0] == 'a' ? 'b' : 'a';
	assert_int_equal(audit_checkpoint_check(&forged, key, &why), ERR_INVALID);
	forged = cp;
	forged.at[3] = '9';
	assert_int_equal(audit_checkpoint_check(&forged, key, &why), ERR_INVALID);
	forged = cp;
	snprintf(forged.signature, sizeof(forged.signature), "z%s", "111");
	assert_int_equal(audit_checkpoint_check(&forged, key, &why), ERR_INVALID);

	/* Signed with another secret's key: refused for the key, and with our
	 * key's name put on it, for the signature. */
	load_secret(f->dir, 2);
	forged = cp;
	forged.count = 99;
	assert_int_equal(audit_checkpoint_sign(&forged), ERR_OK);
	assert_int_equal(audit_checkpoint_check(&forged, forged.key, &why), ERR_OK);
	assert_int_equal(audit_checkpoint_check(&forged, key, &why), ERR_INVALID);
	assert_non_null(strstr(why, "another key"));
	snprintf(forged.key, sizeof(forged.key), "%s", key);
	assert_int_equal(audit_checkpoint_check(&forged, key, &why), ERR_INVALID);
	assert_non_null(strstr(why, "does not verify"));
}

UNIT_TEST_WITH(test_rewrite_caught, setup, teardown)
{
	struct unit_store *f = *state;
	struct audit_checkpoint cp[3];
	struct audit_report rep;
	load_secret(f->dir, 1);
	assert_int_equal(audit_checkpoint_make(f->db, 1700000000, &cp[0], &rep), ERR_OK);
	assert_int_equal(cp[0].count, 0);
	fill(f, 2);
	assert_int_equal(audit_checkpoint_make(f->db, 1700000100, &cp[1], &rep), ERR_OK);
	fill(f, 2);
	assert_int_equal(audit_checkpoint_make(f->db, 1700000200, &cp[2], &rep), ERR_OK);
	assert_int_equal(cp[2].count, 12);
	assert_int_equal(check(f, cp, 3, &rep), ERR_OK);
	assert_int_equal(rep.anchors_met, 3);
	assert_int_equal(rep.agreed, 12);

	/* Rewritten from entry 8, every hash recomputed: the chain alone is
	 * whole, the checkpoint covering 8 is not met; the one before agrees. */
	rewrite_from(f, 8);
	assert_int_equal(audit_check(f->db, 0, NULL, &rep), ERR_OK);
	assert_int_equal(check(f, cp, 3, &rep), ERR_INVALID);
	assert_int_equal(rep.anchor, 3);
	assert_int_equal(rep.bad_seq, 12);
	assert_int_equal(rep.agreed, 6);
	assert_int_equal(strlen(rep.found), 64);
	assert_string_not_equal(rep.found, cp[2].head);
	/* Only checkpoints made before entry 8 existed cannot see it. */
	assert_int_equal(check(f, cp, 2, &rep), ERR_OK);
	/* Given in any order, the lowest failing one is named. */
	struct audit_checkpoint rev[3] = {cp[2], cp[1], cp[0]};
	rewrite_from(f, 2);
	assert_int_equal(check(f, rev, 3, &rep), ERR_INVALID);
	assert_int_equal(rep.anchor, 2);
	assert_int_equal(rep.bad_seq, 6);
	assert_int_equal(rep.agreed, 0);
	/* A broken chain is not signed. */
	struct audit_checkpoint none;
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "DELETE FROM audit_log WHERE seq = 12", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(audit_checkpoint_make(f->db, 1700000300, &none, &rep), ERR_INVALID);
	assert_int_equal(rep.bad_seq, 12);
	/* The tail cut and the head moved back: only a checkpoint sees it. */
	rewrite_from(f, 12);
	assert_int_equal(audit_check(f->db, 0, NULL, &rep), ERR_OK);
	assert_int_equal(check(f, cp + 2, 1, &rep), ERR_INVALID);
	assert_int_equal(rep.bad_seq, 12);
	assert_string_equal(rep.found, "");
	assert_non_null(strstr(rep.why, "past the end"));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	return unit_run(LOG_WARN, NULL, NULL);
}
