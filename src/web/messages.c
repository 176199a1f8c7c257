/* messages.c — turning domain problems and template errors into sentences
 * in the request's language, shared by the pages and the API. */
#include "layout.h"
#include "../domain/problems.h"

#include <string.h>

const char *page_tpl_message(http_req *r, const tpl_error *e)
{
	arena *a = r->pool;
	switch (e->code) {
	case TPL_OK:
		return "";
	case TPL_REQUIRED:
		return T(r, "This section is required.");
	case TPL_TYPE:
		if (!strcmp(e->want, "integer"))
			return T(r, "Enter a whole number, such as a year.");
		if (!strcmp(e->want, "string"))
			return T(r, "Enter a text here.");
		if (!strcmp(e->want, "array"))
			return T(r, "Expected a list here.");
		if (!strcmp(e->want, "object"))
			return T(r, "Expected a group of fields here.");
		return T(r, "This value has the wrong type.");
	case TPL_TOO_FEW:
		return arena_printf(a, TN(r, "Give at least %ld item.", "Give at least %ld items.", e->n), e->n);
	case TPL_TOO_MANY:
		return arena_printf(a, TN(r, "Give at most %ld item.", "Give at most %ld items.", e->n), e->n);
	case TPL_EXACT:
		return arena_printf(a, TN(r, "Give exactly %ld item.", "Give exactly %ld items.", e->n), e->n);
	case TPL_TOO_LONG:
		return arena_printf(a, TN(r, "Keep this to at most %ld character.", "Keep this to at most %ld characters.",
					  e->n), e->n);
	case TPL_YEAR_RANGE:
		return arena_printf(a, T(r, "Enter a year between %ld and %ld."), e->n, e->n2);
	case TPL_EMPTY_ITEM:
		return T(r, "This item is empty: fill it in or remove it.");
	case TPL_UNKNOWN_TERM:
		return arena_printf(a, T(r, "This tag is not in the taxonomy %s."), e->want);
	case TPL_UNKNOWN_REF:
		return T(r, "This reference is not in the cycle's library.");
	case TPL_BAD_UTF8:
		return T(r, "This text is not valid UTF-8.");
	case TPL_GRID_SHAPE:
		return arena_printf(a, T(r, "The grid must have %ld rows and %ld columns."), e->n, e->n2);
	case TPL_DEF_ID:
		return T(r, "Each section needs an id of lower-case letters, digits, - or _.");
	case TPL_DEF_DUPLICATE:
		return T(r, "Two sections have the same id.");
	case TPL_DEF_TYPE:
		return T(r, "Unknown section type.");
	case TPL_DEF_LABEL:
		return T(r, "Each section needs a label.");
	case TPL_DEF_CONSTRAINT:
		return T(r, "A constraint of this section is malformed or contradictory.");
	case TPL_DEF_TAXONOMY:
		return arena_printf(a, T(r, "This section needs a taxonomy of the cycle (%s)."), e->want);
	}
	return T(r, "This value is not accepted.");
}

const char *page_problem_text(http_req *r, const problem *p)
{
	return p->msgid ? T(r, p->msgid) : page_tpl_message(r, &p->tpl);
}
