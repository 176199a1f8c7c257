/* problems.c — collecting what a user got wrong, field by field. */
#include "problems.h"

#include <string.h>

void problems_init(problems *p, arena *a)
{
	memset(p, 0, sizeof *p);
	p->a = a;
}

static problem *push(problems *p)
{
	if (p->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 8;
		problem *v = arena_alloc(p->a, ncap * sizeof *v);
		if (p->n)
			memcpy(v, p->v, p->n * sizeof *v);
		p->v = v;
		p->cap = ncap;
	}
	problem *x = &p->v[p->n++];
	memset(x, 0, sizeof *x);
	return x;
}

void problems_add(problems *p, const char *field, const char *msgid)
{
	problem *x = push(p);
	x->field = field;
	x->msgid = msgid;
}

void problems_add_tpl(problems *p, const char *prefix, const tpl_error *e)
{
	problem *x = push(p);
	/* "chronique[2].year" becomes "chronique.2.year": the editor's field
	 * names, so that each message lands next to its input. */
	size_t n = strlen(prefix), m = strlen(e->path);
	char *f = arena_alloc(p->a, n + m + 1), *w = f + n;
	memcpy(f, prefix, n);
	for (size_t i = 0; i < m; i++) {
		if (e->path[i] == '[')
			*w++ = '.';
		else if (e->path[i] != ']')
			*w++ = e->path[i];
	}
	*w = 0;
	x->field = f;
	x->msgid = NULL;
	x->tpl = *e;
}

const problem *problems_for(const problems *p, const char *field)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].field, field))
			return &p->v[i];
	return NULL;
}

const problem *problems_under(const problems *p, const char *field)
{
	size_t n = strlen(field);
	for (size_t i = 0; i < p->n; i++)
		if (!strncmp(p->v[i].field, field, n) &&
		    (p->v[i].field[n] == 0 || p->v[i].field[n] == '.'))
			return &p->v[i];
	return NULL;
}
