/*
 * pack.c: exam packs as data, and the rules they drive (pack.h).
 */
#include "core/base.h"
#include "core/log.h"
#include <jansson.h>

#include "domain/exams/pack.h"

/* ---- checking one file ---- */

/* The fault of a file, into err; always ERR_INVALID. */
static int fault(char *err, size_t errlen, const char *file, const char *what)
{
	snprintf(err, errlen, "exam pack %s: %s", file, what);
	return ERR_INVALID;
}

/* A code of the data: 1 to 64 of [A-Za-z0-9_-]. */
static bool code_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* A string member of o copied into a, or NULL (absent, not a non-empty
 * string, or out of memory: *nomem says which). */
static const char *str_of(struct arena *a, json_t *o, const char *key, bool *nomem)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v) || !json_string_length(v))
		return NULL;
	const char *s = arena_strdup(a, json_string_value(v));
	if (!s)
		*nomem = true;
	return s;
}

/* {"fa", "vi", "en"}, each a non-empty string. */
static bool names_of(struct arena *a, json_t *v, struct pack_names *out, bool *nomem)
{
	if (!json_is_object(v) || json_object_size(v) != 3)
		return false;
	out->fa = str_of(a, v, "fa", nomem);
	out->vi = str_of(a, v, "vi", nomem);
	out->en = str_of(a, v, "en", nomem);
	return out->fa && out->vi && out->en;
}

static bool int_in(json_t *v, json_int_t lo, json_int_t hi, int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return false;
	*out = (int)json_integer_value(v);
	return true;
}

static int subjects_parse(struct exam_pack *pk, json_t *list, const char *file, char *err,
			  size_t errlen, bool *nomem)
{
	if (!json_is_array(list) || !json_array_size(list) ||
	    json_array_size(list) > PACK_SUBJECTS_MAX)
		return fault(err, errlen, file, "\"subjects\" must list 1 to 40 subjects");
	size_t i;
	json_t *s;
	json_array_foreach(list, i, s)
	{
		struct pack_subject *out = &pk->subjects[pk->nsubjects];
		out->code = str_of(&pk->arena, s, "code", nomem);
		if (!code_ok(out->code) ||
		    !names_of(&pk->arena, json_object_get(s, "names"), &out->names, nomem))
			return fault(err, errlen, file,
				     "a subject needs a \"code\" and \"names\" in fa, vi and en");
		json_t *comp = json_object_get(s, "components");
		size_t k;
		json_t *c;
		if (comp && !json_is_array(comp))
			return fault(err, errlen, file, "\"components\" must be a list");
		json_array_foreach(comp, k, c)
		{
			struct pack_names unused;
			if (!code_ok(json_string_value(json_object_get(c, "code"))) ||
			    !names_of(&pk->arena, json_object_get(c, "names"), &unused, nomem))
				return fault(err, errlen, file,
					     "a component needs a \"code\" and \"names\"");
		}
		if (exam_pack_subject(pk, out->code) >= 0)
			return fault(err, errlen, file, "a subject code is given twice");
		pk->nsubjects++;
	}
	return ERR_OK;
}

/* A list of subject codes into idx[0..*n), each a subject of pk, at most
 * once in `seen` (shared by a track's required and groups). */
static bool subject_list(const struct exam_pack *pk, json_t *list, int *idx, int *n, bool *seen)
{
	size_t i;
	json_t *v;
	if (!json_is_array(list) || json_array_size(list) > PACK_SUBJECTS_MAX)
		return false;
	*n = 0;
	json_array_foreach(list, i, v)
	{
		int k = exam_pack_subject(pk, json_string_value(v));
		if (k < 0 || seen[k])
			return false;
		seen[k] = true;
		idx[(*n)++] = k;
	}
	return true;
}

static int track_parse(struct exam_pack *pk, json_t *t, const char *file, char *err, size_t errlen,
		       bool *nomem)
{
	struct pack_track *out = &pk->tracks[pk->ntracks];
	bool seen[PACK_SUBJECTS_MAX] = {0};
	out->code = str_of(&pk->arena, t, "code", nomem);
	if (!code_ok(out->code) || exam_pack_track(pk, out->code) >= 0 ||
	    !names_of(&pk->arena, json_object_get(t, "names"), &out->names, nomem))
		return fault(err, errlen, file,
			     "a track needs a unique \"code\" and \"names\" in fa, vi and en");
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(t, "kinds"), i, v)
	{
		const char *kind = json_string_value(v);
		if (kind && !strcmp(kind, "student"))
			out->for_student = true;
		else if (kind && !strcmp(kind, "free"))
			out->for_free = true;
		else
			return fault(err, errlen, file, "a track's kinds are student and free");
	}
	if (!out->for_student && !out->for_free)
		return fault(err, errlen, file, "a track needs \"kinds\"");
	if (!subject_list(pk, json_object_get(t, "required"), out->required, &out->nrequired, seen))
		return fault(err, errlen, file,
			     "a track's \"required\" lists subjects of the pack, each once");
	json_t *groups = json_object_get(t, "choose");
	if (!json_is_array(groups) || json_array_size(groups) > PACK_GROUPS_MAX)
		return fault(err, errlen, file, "a track's \"choose\" is a list of 0 to 6 groups");
	json_array_foreach(groups, i, v)
	{
		struct pack_group *g = &out->groups[out->ngroups];
		g->code = str_of(&pk->arena, v, "code", nomem);
		if (!code_ok(g->code) ||
		    !names_of(&pk->arena, json_object_get(v, "names"), &g->names, nomem) ||
		    !subject_list(pk, json_object_get(v, "from"), g->from, &g->nfrom, seen) ||
		    !int_in(json_object_get(v, "min"), 0, g->nfrom, &g->min) ||
		    !int_in(json_object_get(v, "max"), g->min ? g->min : 1, g->nfrom, &g->max))
			return fault(err, errlen, file,
				     "a group needs a \"code\", \"names\", \"from\" (subjects "
				     "in no other list of the track) and 0 <= min <= max <= "
				     "its size");
		out->ngroups++;
	}
	if (!out->nrequired && !out->ngroups)
		return fault(err, errlen, file, "a track takes no subject");
	pk->ntracks++;
	return ERR_OK;
}

static int combination_parse(struct exam_pack *pk, json_t *comb, const char *file, char *err,
			     size_t errlen, bool *nomem)
{
	json_t *tracks = json_object_get(comb, "tracks");
	if (!json_is_array(tracks) || !json_array_size(tracks) ||
	    json_array_size(tracks) > PACK_TRACKS_MAX)
		return fault(err, errlen, file, "\"combination.tracks\" lists 1 to 8 tracks");
	size_t i;
	json_t *t;
	json_array_foreach(tracks, i, t)
	{
		int rc = track_parse(pk, t, file, err, errlen, nomem);
		if (rc)
			return rc;
	}
	pk->default_track =
		exam_pack_track(pk, json_string_value(json_object_get(comb, "default_track")));
	if (pk->default_track < 0 || !pk->tracks[pk->default_track].for_student)
		return fault(err, errlen, file,
			     "\"combination.default_track\" names a track open to students");
	return ERR_OK;
}

static int exemptions_parse(struct exam_pack *pk, json_t *list, const char *file, char *err,
			    size_t errlen, bool *nomem)
{
	size_t i;
	json_t *e;
	if (list && (!json_is_array(list) || json_array_size(list) > PACK_LIST_MAX))
		return fault(err, errlen, file, "\"exemptions\" lists at most 16");
	json_array_foreach(list, i, e)
	{
		struct pack_exemption *out = &pk->exemptions[pk->nexemptions];
		struct pack_names names;
		out->code = str_of(&pk->arena, e, "code", nomem);
		out->subject =
			exam_pack_subject(pk, json_string_value(json_object_get(e, "subject")));
		out->evidence = json_is_true(json_object_get(e, "evidence"));
		if (!code_ok(out->code) || out->subject < 0 ||
		    !json_is_boolean(json_object_get(e, "evidence")) ||
		    !names_of(&pk->arena, json_object_get(e, "names"), &names, nomem))
			return fault(err, errlen, file,
				     "an exemption needs a \"code\", a \"subject\" of the pack, "
				     "\"evidence\" and \"names\"");
		for (int k = 0; k < pk->nexemptions; k++)
			if (!strcmp(pk->exemptions[k].code, out->code))
				return fault(err, errlen, file, "an exemption is given twice");
		pk->nexemptions++;
	}
	return ERR_OK;
}

static int points_parse(struct arena *a, json_t *o, struct pack_points *out, int *n, bool *nomem)
{
	const char *key;
	json_t *v;
	if (!json_is_object(o) || json_object_size(o) > PACK_LIST_MAX)
		return ERR_INVALID;
	json_object_foreach(o, key, v)
	{
		if (!code_ok(key) || !int_in(v, 0, 10000, &out[*n].points))
			return ERR_INVALID;
		if (!(out[*n].code = arena_strdup(a, key)))
			*nomem = true;
		(*n)++;
	}
	return ERR_OK;
}

static int priority_parse(struct exam_pack *pk, json_t *prio, const char *file, char *err,
			  size_t errlen, bool *nomem)
{
	json_t *grades = json_object_get(prio, "grades");
	if (points_parse(&pk->arena, json_object_get(prio, "regions"), pk->regions, &pk->nregions,
			 nomem) ||
	    !pk->nregions ||
	    points_parse(&pk->arena, json_object_get(prio, "categories"), pk->categories,
			 &pk->ncategories, nomem))
		return fault(err, errlen, file,
			     "\"priority\" needs \"regions\" and \"categories\": codes to "
			     "points in hundredths (0 to 10000)");
	pk->default_region = str_of(&pk->arena, prio, "default_region", nomem);
	if (!pk->default_region || exam_pack_region_points(pk, pk->default_region) < 0)
		return fault(err, errlen, file, "\"priority.default_region\" names a region");
	if (!json_is_array(grades) || !json_array_size(grades) ||
	    !int_in(json_array_get(grades, 0), 1, 13, &pk->grade_min) ||
	    !int_in(json_array_get(grades, json_array_size(grades) - 1), pk->grade_min, 13,
		    &pk->grade_max))
		return fault(err, errlen, file,
			     "\"priority.grades\" lists the grades, lowest first, whose "
			     "schools decide the region");
	return ERR_OK;
}

static int document_check(json_t *doc, const char *file, struct exam_pack *pk, char *err,
			  size_t errlen)
{
	bool nomem = false;
	struct pack_names names;
	if (!json_is_object(doc))
		return fault(err, errlen, file, "the document must be an object");
	pk->name = str_of(&pk->arena, doc, "name", &nomem);
	pk->country = str_of(&pk->arena, doc, "country", &nomem);
	pk->time_zone = str_of(&pk->arena, doc, "time_zone", &nomem);
	size_t n = pk->name ? strlen(pk->name) : 0;
	if (!pk->name || !code_ok(pk->name) || strncmp(file, pk->name, n) ||
	    strcmp(file + n, ".json"))
		return fault(err, errlen, file, "\"name\" must be the file's name without .json");
	if (!pk->country || strlen(pk->country) != 2 || !pk->time_zone)
		return fault(err, errlen, file, "\"country\" and \"time_zone\" are required");
	if (!names_of(&pk->arena, json_object_get(doc, "names"), &names, &nomem))
		return fault(err, errlen, file, "\"names\" in fa, vi and en are required");
	int rc = subjects_parse(pk, json_object_get(doc, "subjects"), file, err, errlen, &nomem);
	if (!rc)
		rc = combination_parse(pk, json_object_get(doc, "combination"), file, err, errlen,
				       &nomem);
	if (!rc)
		rc = exemptions_parse(pk, json_object_get(doc, "exemptions"), file, err, errlen,
				      &nomem);
	if (!rc)
		rc = priority_parse(pk, json_object_get(doc, "priority"), file, err, errlen,
				    &nomem);
	if (rc)
		return rc;
	json_t *free_c = json_object_get(doc, "free_candidates");
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(free_c, "tracks"), i, v)
	{
		int t = exam_pack_track(pk, json_string_value(v));
		if (t < 0 || !pk->tracks[t].for_free)
			return fault(err, errlen, file,
				     "\"free_candidates.tracks\" names tracks open to free "
				     "candidates");
	}
	if (!int_in(json_object_get(doc, "room_max"), 1, 1000, &pk->room_max) ||
	    !int_in(json_object_get(doc, "number_digits"), 4, 18, &pk->number_digits) ||
	    !int_in(json_object_get(doc, "council_digits"), 1, 4, &pk->council_digits) ||
	    pk->council_digits >= pk->number_digits)
		return fault(err, errlen, file,
			     "\"room_max\", \"number_digits\" and \"council_digits\" are "
			     "required");
	char *json = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (json) {
		pk->json = arena_strdup(&pk->arena, json);
		free(json);
	}
	return nomem || !pk->json ? ERR_NOMEM : ERR_OK;
}

int exam_pack_parse(const char *file, const char *text, struct exam_pack *out, char *err,
		    size_t errlen)
{
	memset(out, 0, sizeof(*out));
	arena_init(&out->arena, 16384, 0);
	json_error_t je;
	json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		char what[240];
		snprintf(what, sizeof(what), "not JSON: %.160s at line %d, column %d", je.text,
			 je.line, je.column);
		arena_release(&out->arena);
		return fault(err, errlen, file, what);
	}
	int rc = document_check(doc, file, out, err, errlen);
	json_decref(doc);
	if (rc) {
		if (rc == ERR_NOMEM)
			fault(err, errlen, file, "out of memory");
		exam_pack_release(out);
	}
	return rc;
}

void exam_pack_release(struct exam_pack *pk)
{
	arena_release(&pk->arena);
	memset(pk, 0, sizeof(*pk));
}

/* ---- the embedded packs ---- */

static int pack_parse_item(const char *file, const char *text, void *out, char *err, size_t errlen)
{
	return exam_pack_parse(file, text, out, err, errlen);
}

/* Loaded once for the life of the process; never released. */
static struct embedded_set packs = {.what = "exam packs",
				    .files = pack_files,
				    .nfiles = &pack_files_count,
				    .size = sizeof(struct exam_pack),
				    .name_offset = offsetof(struct exam_pack, name),
				    .parse = pack_parse_item};

int exam_packs_init(void)
{
	return embedded_set_ready(&packs);
}

size_t exam_packs_count(void)
{
	return embedded_set_count(&packs);
}

const struct exam_pack *exam_pack_at(size_t i)
{
	return embedded_set_at(&packs, i);
}

const struct exam_pack *exam_pack_find(const char *name)
{
	return embedded_set_find(&packs, name);
}

/* ---- lookups ---- */

int exam_pack_subject(const struct exam_pack *pk, const char *code)
{
	for (int i = 0; code && i < pk->nsubjects; i++)
		if (!strcmp(pk->subjects[i].code, code))
			return i;
	return -1;
}

int exam_pack_track(const struct exam_pack *pk, const char *code)
{
	for (int i = 0; code && i < pk->ntracks; i++)
		if (!strcmp(pk->tracks[i].code, code))
			return i;
	return -1;
}

static int points_of(const struct pack_points *list, int n, const char *code)
{
	for (int i = 0; code && i < n; i++)
		if (!strcmp(list[i].code, code))
			return list[i].points;
	return -1;
}

int exam_pack_region_points(const struct exam_pack *pk, const char *code)
{
	return points_of(pk->regions, pk->nregions, code);
}

int exam_pack_category_points(const struct exam_pack *pk, const char *code)
{
	return points_of(pk->categories, pk->ncategories, code);
}

/* ---- the combination rule ---- */

/* A refusal of the combination rule: detail and rule in a. */
static int refuse(struct problem *p, struct arena *a, const char *rule, const char *detail)
{
	problem_set(p, P_INVALID_COMBINATION, "subjects", detail);
	if (p) {
		p->ext_str_name = "rule";
		p->ext_str_value = arena_strdup(a, rule);
	}
	return ERR_INVALID;
}

static const char *subject_list_text(struct arena *a, const struct exam_pack *pk, const int *idx,
				     int n)
{
	const char *s = "";
	for (int i = 0; s && i < n; i++)
		s = arena_printf(a, "%s%s%s (%s)", s, i ? ", " : "", pk->subjects[idx[i]].names.en,
				 pk->subjects[idx[i]].code);
	return s;
}

int exam_combination_check(const struct exam_pack *pk, const char *kind, const char *track,
			   const char *const *subjects, int n, struct arena *a, struct problem *p)
{
	int t = track ? exam_pack_track(pk, track) : pk->default_track;
	bool free_kind = kind && !strcmp(kind, "free");
	if (t < 0 || (free_kind ? !pk->tracks[t].for_free : !pk->tracks[t].for_student))
		return problem_set(p, P_UNKNOWN_TRACK, "track",
				   arena_printf(a, "The exam %s has no track %s for %s candidates.",
						pk->name, track ? track : "?",
						free_kind ? "free" : "school"));
	const struct pack_track *tr = &pk->tracks[t];
	bool taken[PACK_SUBJECTS_MAX] = {0};
	if (n > PACK_SUBJECTS_MAX)
		return problem_set(p, P_TOO_MANY, "subjects", NULL);
	for (int i = 0; i < n; i++) {
		int k = exam_pack_subject(pk, subjects[i]);
		const char *field = arena_printf(a, "subjects[%d]", i);
		if (k < 0)
			return problem_set(p, P_UNKNOWN_SUBJECT, field,
					   arena_printf(a, "The exam %s has no subject %s.",
							pk->name, subjects[i]));
		if (taken[k])
			return problem_set(p, P_DUPLICATE, field, "A subject is given twice.");
		taken[k] = true;
	}
	for (int i = 0; i < tr->nrequired; i++) {
		const struct pack_subject *s = &pk->subjects[tr->required[i]];
		if (!taken[tr->required[i]])
			return refuse(p, a, arena_printf(a, "required:%s", s->code),
				      arena_printf(a, "%s (%s) is compulsory on the %s track.",
						   s->names.en, s->code, tr->code));
	}
	bool allowed[PACK_SUBJECTS_MAX] = {0};
	for (int i = 0; i < tr->nrequired; i++)
		allowed[tr->required[i]] = true;
	for (int g = 0; g < tr->ngroups; g++) {
		const struct pack_group *gr = &tr->groups[g];
		int count = 0;
		for (int i = 0; i < gr->nfrom; i++) {
			allowed[gr->from[i]] = true;
			count += taken[gr->from[i]];
		}
		if (count < gr->min || count > gr->max) {
			const char *rule = arena_printf(a, "choose:%s", gr->code);
			const char *from = subject_list_text(a, pk, gr->from, gr->nfrom);
			const char *bounds =
				gr->min == gr->max ? arena_printf(a, "exactly %d", gr->min)
						   : arena_printf(a, "%d to %d", gr->min, gr->max);
			return refuse(p, a, rule ? rule : "choose",
				      arena_printf(a, "%s: choose %s of %s; %d chosen.",
						   gr->names.en, bounds ? bounds : "",
						   from ? from : "", count));
		}
	}
	for (int i = 0; i < pk->nsubjects; i++)
		if (taken[i] && !allowed[i])
			return refuse(p, a,
				      arena_printf(a, "not_in_track:%s", pk->subjects[i].code),
				      arena_printf(a, "%s (%s) is not a test of the %s track.",
						   pk->subjects[i].names.en, pk->subjects[i].code,
						   tr->code));
	return ERR_OK;
}

int exam_exemptions_check(const struct exam_pack *pk, const char *const *subjects, int n,
			  const char *const *codes, int m, struct arena *a, struct problem *p)
{
	for (int i = 0; i < m; i++) {
		const char *field = arena_printf(a, "exemptions[%d]", i);
		int e = -1;
		for (int k = 0; k < pk->nexemptions && e < 0; k++)
			if (!strcmp(pk->exemptions[k].code, codes[i]))
				e = k;
		if (e < 0)
			return problem_set(p, P_UNKNOWN_EXEMPTION, field,
					   arena_printf(a, "The exam %s has no exemption %s.",
							pk->name, codes[i]));
		for (int k = 0; k < i; k++)
			if (!strcmp(codes[k], codes[i]))
				return problem_set(p, P_DUPLICATE, field,
						   "An exemption is given twice.");
		const char *subject = pk->subjects[pk->exemptions[e].subject].code;
		bool chosen = false;
		for (int k = 0; k < n && !chosen; k++)
			chosen = !strcmp(subjects[k], subject);
		if (!chosen)
			return problem_set(
				p, P_UNKNOWN_EXEMPTION, field,
				arena_printf(a,
					     "The exemption %s is for %s, which is not among the "
					     "subjects.",
					     codes[i], subject));
	}
	return ERR_OK;
}
