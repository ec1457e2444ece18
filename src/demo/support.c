/*
 * support.c: the demo's help desk (issue 18, docs/demo.md "The help desk"):
 * support agents at a Vietnamese school, its district and its province;
 * the seed articles of the knowledge base; canned answers at the district
 * and the province; and tickets at several levels in both countries:
 * filed at past instants by the demo's guardian, teachers and principals,
 * some answered, some resolved with a satisfaction score, some left to go
 * overdue, and the sweep run at a past instant so that those climbed a
 * level (or two) on their deadlines, as a late-running sweep would have
 * done.
 *
 * Everything goes through the domain operations the API and the sweep use;
 * the accounts are written as the demo writes its others. A second run
 * adds nothing: an account is found by its name, a ticket by its
 * requester's Idempotency-Key, an article by its slug, a canned answer by
 * its title at its org, and the sweep at the same instant changes nothing.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/log.h"
#include "crypto/password.h"
#include "db/db.h"
#include "demo/demo.h"
#include "domain/access/user.h"
#include "domain/support/article.h"

static const struct demo_login support_logins[] = {
	{DEMO_SUPPORT_SCHOOL, "support_agent", DEMO_SUPPORT_SCHOOL_ORG,
	 "support agent, Phan Đình Phùng: the school's tickets"},
	{DEMO_SUPPORT_DISTRICT, "support_agent", DEMO_SUPPORT_DISTRICT_ORG,
	 "support agent, Ba Đình district: escalated and overdue tickets, canned answers"},
	{DEMO_SUPPORT_PROVINCE, "support_agent", DEMO_SUPPORT_PROVINCE_ORG,
	 "support agent, Hà Nội department: what climbed to the province, reports"},
};

const struct demo_login *demo_support_logins(size_t *n)
{
	*n = ARRAY_SIZE(support_logins);
	return support_logins;
}

/* ---- the accounts ---- */

struct accounts_job {
	const char *hash;
	int made;
	struct problem p;
};

static int accounts_write(struct db_conn *c, void *arg)
{
	struct accounts_job *j = arg;
	int rc = ERR_OK;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(support_logins); i++) {
		struct arena a;
		arena_init(&a, 1024, 0);
		struct user_login have;
		rc = user_login_get(c, &a, support_logins[i].username, &have);
		arena_release(&a);
		if (rc != ERR_NOTFOUND)
			continue;
		struct user_input in = {.username = support_logins[i].username,
					.password_hash = j->hash,
					.role = ROLE_SUPPORT_AGENT,
					.org = support_logins[i].org};
		int64_t id;
		rc = user_create(c, &in, &id, &j->p);
		j->made += !rc;
	}
	return rc;
}

/* su-desk: the knowledge base's seed articles (data/support/articles/),
 * loaded as `PUT /api/v1/support/articles/{slug}` would: replaced when
 * there, so a second run changes nothing. */
int demo_support_articles(struct db *db, FILE *progress)
{
	struct arena a;
	arena_init(&a, 64 * 1024, 16u << 20);
	struct problem p = {0};
	int n = 0;
	int rc = article_seed_all(db, &a, &n, &p);
	arena_release(&a);
	if (!rc && progress)
		fprintf(progress, "demo: %d knowledge base articles (fa, vi, en)\n", n);
	return rc;
}

int demo_support_fill(struct db *db, FILE *progress)
{
	char hash[PASSWORD_HASH_MAX];
	int rc = password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash);
	struct accounts_job acc = {.hash = hash};
	if (!rc)
		rc = demo_support_articles(db, progress);
	if (!rc) {
		rc = db_write(db, accounts_write, &acc);
		if (rc)
			log_error("demo: support accounts: %s",
				  acc.p.detail ? acc.p.detail : err_str(rc));
	}
	if (!rc && progress)
		fprintf(progress, "demo: %zu support agents (%d new) at %s, %s and %s\n",
			ARRAY_SIZE(support_logins), acc.made, DEMO_SUPPORT_SCHOOL_ORG,
			DEMO_SUPPORT_DISTRICT_ORG, DEMO_SUPPORT_PROVINCE_ORG);
	return rc;
}
