/*
 * problems.h — what a user got wrong in a form or a request body, field by
 * field. Domain checks add English msgids (marked with N_ for xgettext);
 * the web, API and CLI layers translate them and attach each to its field,
 * so one request can report every mistake at once and keep what was typed.
 */
#ifndef FAB_PROBLEMS_H
#define FAB_PROBLEMS_H

#include <stddef.h>

#include "../core/i18n.h"
#include "../core/mem.h"
#include "../engines/template.h"

typedef struct problem {
	const char *field;	/* form field name / JSON key, "" for the whole form */
	const char *msgid;	/* English message id; NULL for a template error */
	tpl_error tpl;		/* the template error when msgid is NULL */
} problem;

typedef struct problems {
	arena *a;
	problem *v;
	size_t n, cap;
} problems;

/* An empty list whose entries live in a. */
void problems_init(problems *p, arena *a);
/* Records that field breaks the rule msgid (both must outlive the list). */
void problems_add(problems *p, const char *field, const char *msgid);
/* Records a template validation error under prefix + its path written
 * with dots ("s." + "chronique[2].year" gives "s.chronique.2.year", the
 * editor's field names). */
void problems_add_tpl(problems *p, const char *prefix, const tpl_error *e);
/* The first problem about field, NULL when there is none. */
const problem *problems_for(const problems *p, const char *field);
/* The first problem about field or anything inside it ("s.x" matches
 * "s.x" and "s.x.3.year" but not "s.xy"). */
const problem *problems_under(const problems *p, const char *field);

#endif
