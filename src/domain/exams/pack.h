/*
 * pack.h: exam definitions as data ("packs", docs/exams.md).
 *
 * A pack is a JSON file of data/exams/packs/, embedded in the binary at
 * build (tools/embed_packs.sh) and checked once, at start, by
 * exam_packs_init: the subjects (combined tests list their components),
 * the tracks that say which sets of subjects a candidate may register
 * (required subjects, then groups to choose min..max from), the
 * exemptions, the free candidates' tracks, the priority regions and
 * categories in hundredths of a point, and the room and number sizes.
 * Every rule here is driven by the data: a new country's exam is a new
 * file, and nothing in this code names a subject.
 */
#ifndef TABULA_DOMAIN_EXAMS_PACK_H
#define TABULA_DOMAIN_EXAMS_PACK_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/common/embedded.h"

/* The embedded files (generated: build/gen/packs.c). */
extern const struct embedded_file pack_files[];
extern const size_t pack_files_count;

#define PACK_SUBJECTS_MAX 40
#define PACK_TRACKS_MAX	  8
#define PACK_GROUPS_MAX	  6
#define PACK_LIST_MAX	  16 /* exemptions, regions, categories */

/* A name in the three languages of the app. */
struct pack_names {
	const char *fa, *vi, *en;
};

struct pack_subject {
	const char *code;
	struct pack_names names;
};

/* Choose min..max subjects of `from` (indexes into the pack's subjects). */
struct pack_group {
	const char *code;
	struct pack_names names;
	int min, max;
	int from[PACK_SUBJECTS_MAX];
	int nfrom;
};

/* One allowed way to register: every required subject, each group's
 * count within its bounds, and nothing else. kinds: who may use it. */
struct pack_track {
	const char *code;
	struct pack_names names;
	bool for_student, for_free;
	int required[PACK_SUBJECTS_MAX];
	int nrequired;
	struct pack_group groups[PACK_GROUPS_MAX];
	int ngroups;
};

struct pack_exemption {
	const char *code;
	int subject; /* index into the pack's subjects */
	bool evidence;
};

/* A region or a category and its points in hundredths. */
struct pack_points {
	const char *code;
	int points;
};

struct exam_pack {
	struct arena arena; /* owns every string and the json */
	const char *name, *country, *time_zone;
	struct pack_subject subjects[PACK_SUBJECTS_MAX];
	int nsubjects;
	struct pack_track tracks[PACK_TRACKS_MAX];
	int ntracks;
	int default_track;
	struct pack_exemption exemptions[PACK_LIST_MAX];
	int nexemptions;
	struct pack_points regions[PACK_LIST_MAX], categories[PACK_LIST_MAX];
	int nregions, ncategories;
	const char *default_region;
	int grade_min, grade_max; /* the grades whose schools decide the region */
	int room_max, number_digits, council_digits;
	const char *json; /* the whole document, compact, as GET shows it */
};

/*
 * Parse and check one pack file (text, NUL-terminated) named file (its
 * name must be the pack's name + ".json"). On failure ERR_INVALID with a
 * sentence naming the file and the fault in err (errlen bytes), and out
 * holds nothing to release.
 */
int exam_pack_parse(const char *file, const char *text, struct exam_pack *out, char *err,
		    size_t errlen) __attribute__((warn_unused_result));
void exam_pack_release(struct exam_pack *pk);

/* Load the embedded packs, once (later calls answer the first's result).
 * A bad file or two of one name: ERR_INVALID, logged; the server refuses
 * to start. */
int exam_packs_init(void) __attribute__((warn_unused_result));
size_t exam_packs_count(void);
const struct exam_pack *exam_pack_at(size_t i);
const struct exam_pack *exam_pack_find(const char *name);

/* The index of subject / track `code` in pk, or -1. */
int exam_pack_subject(const struct exam_pack *pk, const char *code);
int exam_pack_track(const struct exam_pack *pk, const char *code);
/* Points (hundredths) of region / category code, or -1 if pk has none. */
int exam_pack_region_points(const struct exam_pack *pk, const char *code);
int exam_pack_category_points(const struct exam_pack *pk, const char *code);

/*
 * The combination rule: may a candidate of `kind` ("student" or "free")
 * on track `track` (NULL: the pack's default) register subjects[0..n)?
 * Refusals, each with the rule in the detail and in p's string member
 * "rule" (e.g. "required:math", "choose:electives"):
 *   422 unknown_track on "track"; unknown_subject, duplicate on
 *   "subjects[i]"; invalid_combination on "subjects" (a required subject
 *   missing, a group's count out of bounds, a subject the track does not
 *   take). Strings in a. No I/O.
 */
int exam_combination_check(const struct exam_pack *pk, const char *kind, const char *track,
			   const char *const *subjects, int n, struct arena *a, struct problem *p)
	__attribute__((warn_unused_result));

/* The exemptions rule: each of codes[0..m) an exemption of the pack, at
 * most once, for a subject among subjects[0..n) (422 unknown_exemption,
 * duplicate on "exemptions[i]"). */
int exam_exemptions_check(const struct exam_pack *pk, const char *const *subjects, int n,
			  const char *const *codes, int m, struct arena *a, struct problem *p)
	__attribute__((warn_unused_result));

#endif
