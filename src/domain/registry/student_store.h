/*
 * student_store.h: what the student files share about a person's stored
 * identity (internal to src/domain/registry/; see student.h).
 */
#ifndef TABULA_DOMAIN_REGISTRY_STUDENT_STORE_H
#define TABULA_DOMAIN_REGISTRY_STUDENT_STORE_H

#include "domain/registry/student.h"

/* A person's identity as stored (persons), in fixed buffers. */
struct student_identity {
	char country[3];
	char national_id[16];
	char sector_id[33];
	char given[4 * STUDENT_NAME_MAX + 1];
	char family[4 * STUDENT_NAME_MAX + 1];
	char birth[11];
	char sex[2];
	int64_t org_id;
	char status[24];
	int64_t merged_into;
};

/* Read person id's identity. ERR_NOTFOUND if absent. */
int student_identity_get(struct db_conn *c, int64_t id, struct student_identity *out)
	__attribute__((warn_unused_result));

/* Remove the search keys stored for person id under identity `old`. */
int student_names_delete(struct db_conn *c, int64_t id, const struct student_identity *old)
	__attribute__((warn_unused_result));

/* The identity fields of student_prepare (everything but the placement),
 * into s (zeroed by the caller). */
int student_prepare_identity(const struct student_input *in, struct student_new *s,
			     struct problem *p) __attribute__((warn_unused_result));

/* The "family given" key with birth date and sex (student_new.dup_key). */
void student_dup_key(const char *key_fg, const char *birth, const char *sex, char *out,
		     size_t outlen);

#endif
