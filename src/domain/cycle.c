/* cycle.c — cycles, their phases and members, and who may do what. */
#include "cycle.h"
#include "account.h"
#include "catalog.h"
#include "../core/text.h"

#include <stdio.h>
#include <string.h>

const char *const cycle_phase_kinds[] = {"explore", "imagine", "select", "enrich",
					 "debate", "publish", "act", NULL};

static bool in_list(const char *const *list, const char *v)
{
	for (size_t i = 0; v && list[i]; i++)
		if (!strcmp(list[i], v))
			return true;
	return false;
}

bool cycle_phase_kind_ok(const char *k)
{
	return in_list(cycle_phase_kinds, k);
}

static cycle_rc role_of(store *s, arena *a, const store_user *user, cycle_ctx *out)
{
	out->role = CYCLE_READER;
	out->member = false;
	out->user = user;
	if (!user)
		return CYCLE_OK;
	const char *role;
	store_rc r = store_member_role(s, a, out->c.id, user->id, &role);
	if (r == STORE_OK) {
		out->member = true;
		out->role = !strcmp(role, "facilitator") ? CYCLE_FACILITATOR : CYCLE_PARTICIPANT;
	} else if (r != STORE_NOTFOUND) {
		return CYCLE_ERROR;
	}
	if (user->is_admin)
		out->role = CYCLE_FACILITATOR;
	return CYCLE_OK;
}

cycle_rc cycle_view(store *s, arena *a, const store_cycle *c, const store_user *user,
		    cycle_ctx *out)
{
	out->c = *c;
	if (role_of(s, a, user, out) != CYCLE_OK)
		return CYCLE_ERROR;
	return cycle_visible(out) ? CYCLE_OK : CYCLE_NOTFOUND;
}

bool cycle_visible(const cycle_ctx *cx)
{
	return strcmp(cx->c.visibility, "members") != 0 || cx->member || (cx->user && cx->user->is_admin);
}

cycle_rc cycle_open(store *s, arena *a, const char *slug, const store_user *user, cycle_ctx *out)
{
	memset(out, 0, sizeof *out);
	store_rc r = store_cycle_by_slug(s, a, slug, &out->c);
	if (r == STORE_NOTFOUND)
		return CYCLE_NOTFOUND;
	if (r != STORE_OK)
		return CYCLE_ERROR;
	store_cycle c = out->c;
	return cycle_view(s, a, &c, user, out);
}

bool cycle_can_write(const cycle_ctx *cx)
{
	return !cx->c.archived && cx->role >= CYCLE_PARTICIPANT;
}

bool cycle_can_facilitate(const cycle_ctx *cx)
{
	return cx->role == CYCLE_FACILITATOR;
}

bool cycle_slug_ok(const char *slug)
{
	size_t n = slug ? strlen(slug) : 0;
	/* "import" would be hidden by /api/v1/cycles/import. */
	if (n < 1 || n > 40 || !strcmp(slug, "import"))
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = slug[i];
		bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
		if (!alnum && (i == 0 || (ch != '-' && ch != '_')))
			return false;
	}
	return true;
}

bool cycle_date_ok(const char *d)
{
	int y, m, day;
	char extra;
	if (!d || strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &extra) != 3)
		return false;
	if (d[4] != '-' || d[7] != '-' || y < 1900 || y > 2300 || m < 1 || m > 12 || day < 1)
		return false;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return day <= max;
}

static void check_len(problems *p, const char *field, const char *v, size_t max,
		      const char *msgid)
{
	if (v && (!text_utf8_valid(v, strlen(v)) || text_utf8_len(v) > max))
		problems_add(p, field, msgid);
}

void cycle_check(const store_cycle *c, problems *p)
{
	if (!cycle_slug_ok(c->slug))
		problems_add(p, "slug", N_("Use 1 to 40 lower-case letters, digits, - or _, "
					   "starting with a letter or a digit."));
	if (!c->title || !*c->title)
		problems_add(p, "title", N_("Enter a title."));
	else
		check_len(p, "title", c->title, 200, N_("Keep the title under 200 characters."));
	check_len(p, "question", c->question, 1000, N_("Keep the question under 1000 characters."));
	check_len(p, "description", c->description, 20000,
		  N_("Keep the description under 20000 characters."));
	if (c->horizon && (c->horizon < 1900 || c->horizon > 2300))
		problems_add(p, "horizon", N_("Enter a year between 1900 and 2300."));
	if (!c->visibility || (strcmp(c->visibility, "public") && strcmp(c->visibility, "members") &&
			       strcmp(c->visibility, "unlisted")))
		problems_add(p, "visibility", N_("Choose a visibility."));
}

static cycle_rc install_builtins(store *s, arena *a, int64_t cycle_id)
{
	const char *path, *msgid;
	tpl_error terr;
	for (size_t i = 0; catalog_builtin_taxonomies[i]; i++) {
		json_t *t = catalog_builtin_taxonomy(catalog_builtin_taxonomies[i]);
		int rc = t ? catalog_install_taxonomy(s, a, cycle_id, t, &path, &msgid) : 0;
		json_decref(t);
		if (rc)
			return CYCLE_ERROR;
	}
	for (size_t i = 0; catalog_builtin_templates[i]; i++) {
		json_t *t = catalog_builtin_template(catalog_builtin_templates[i]);
		int rc = t ? catalog_install_template(s, a, cycle_id, t, &path, &msgid, &terr) : 0;
		json_decref(t);
		if (rc)
			return CYCLE_ERROR;
	}
	return CYCLE_OK;
}

cycle_rc cycle_create(store *s, arena *a, store_cycle *c, int64_t creator, bool with_builtins,
		      int64_t now, problems *p, int64_t *id)
{
	cycle_check(c, p);
	if (p->n)
		return CYCLE_NOTFOUND;
	c->created_by = creator;
	c->created_at = c->updated_at = now;
	store_rc r = store_cycle_create(s, c, id);
	if (r == STORE_EXISTS) {
		problems_add(p, "slug", N_("This address is already used by another cycle."));
		return CYCLE_NOTFOUND;
	}
	if (r != STORE_OK)
		return CYCLE_ERROR;
	c->id = *id;
	if (creator && store_member_set(s, *id, creator, "facilitator", now) != STORE_OK)
		return CYCLE_ERROR;
	return with_builtins ? install_builtins(s, a, *id) : CYCLE_OK;
}

cycle_rc cycle_copy(store *s, arena *a, const store_cycle *src, const char *slug,
		    const char *title, int64_t copier, int64_t now, problems *p, int64_t *id)
{
	store_cycle c = *src;
	c.slug = slug;
	c.title = title;
	c.archived = false;
	cycle_rc rc = cycle_create(s, a, &c, copier, false, now, p, id);
	if (rc != CYCLE_OK)
		return rc;
	store_phase *ph;
	size_t nph;
	if (store_phase_list(s, a, src->id, &ph, &nph) != STORE_OK ||
	    store_phase_replace(s, *id, ph, nph) != STORE_OK)
		return CYCLE_ERROR;
	store_taxonomy *tx;
	size_t ntx;
	if (store_taxonomy_list(s, a, src->id, &tx, &ntx) != STORE_OK)
		return CYCLE_ERROR;
	for (size_t i = 0; i < ntx; i++) {
		store_taxonomy t = tx[i];
		int64_t tid;
		t.cycle_id = *id;
		if (store_taxonomy_create(s, &t, &tid) != STORE_OK)
			return CYCLE_ERROR;
		store_term *terms;
		size_t nterms;
		if (store_term_list(s, a, tx[i].id, &terms, &nterms) != STORE_OK)
			return CYCLE_ERROR;
		for (size_t j = 0; j < nterms; j++) {
			terms[j].taxonomy_id = tid;
			if (store_term_create(s, &terms[j], NULL) != STORE_OK)
				return CYCLE_ERROR;
		}
	}
	store_template *tp;
	size_t ntp;
	if (store_template_list(s, a, src->id, &tp, &ntp) != STORE_OK)
		return CYCLE_ERROR;
	for (size_t i = 0; i < ntp; i++) {
		tp[i].cycle_id = *id;
		tp[i].updated_at = now;
		if (store_template_create(s, &tp[i], NULL) != STORE_OK)
			return CYCLE_ERROR;
	}
	store_member *m;
	size_t nm;
	if (store_member_list(s, a, src->id, &m, &nm) != STORE_OK)
		return CYCLE_ERROR;
	for (size_t i = 0; i < nm; i++)
		if (!strcmp(m[i].role, "facilitator") && m[i].user_id != copier &&
		    store_member_set(s, *id, m[i].user_id, "facilitator", now) != STORE_OK)
			return CYCLE_ERROR;
	return CYCLE_OK;
}

int cycle_current_phase(const store_phase *ph, size_t n, const char *today)
{
	int best = -1;
	for (size_t i = 0; i < n; i++) {
		if (!ph[i].starts_on || strcmp(ph[i].starts_on, today) > 0)
			continue;
		if (!ph[i].ends_on || strcmp(today, ph[i].ends_on) <= 0)
			return (int)i;
		best = (int)i;
	}
	return best;
}

cycle_rc cycle_invite(store *s, arena *a, const cycle_ctx *cx, const char *email,
		      const char *role, int64_t now, problems *p, char token[64])
{
	token[0] = 0;
	email = email ? text_trim(a, email) : "";
	const char *bad = account_check_email(email);
	if (bad)
		problems_add(p, "email", bad);
	if (!role || (strcmp(role, "facilitator") && strcmp(role, "participant")))
		problems_add(p, "role", N_("Choose a role."));
	if (p->n)
		return CYCLE_NOTFOUND;
	char *norm = text_lower(a, text_trim(a, email));
	store_user u;
	store_rc r = store_user_by_email(s, a, norm, &u);
	if (r == STORE_OK)
		return store_member_set(s, cx->c.id, u.id, role, now) == STORE_OK ? CYCLE_OK
										 : CYCLE_ERROR;
	if (r != STORE_NOTFOUND)
		return CYCLE_ERROR;
	char tok[ACCOUNT_TOKEN_LEN + 1], hash[ACCOUNT_HASH_LEN + 1];
	account_new_token(tok, hash);
	int64_t id;
	if (store_invitation_create(s, cx->c.id, norm, role, hash, cx->user ? cx->user->id : 0, now,
				    now + 14 * 86400, &id) != STORE_OK)
		return CYCLE_ERROR;
	snprintf(token, 64, "%s", tok);
	return CYCLE_OK;
}

cycle_rc cycle_accept(store *s, arena *a, const char *token, const store_user *user,
		      int64_t now, const char **slug)
{
	char hash[ACCOUNT_HASH_LEN + 1];
	account_hash_token(token, hash);
	store_invitation inv;
	store_rc r = store_invitation_by_hash(s, a, hash, now, &inv);
	if (r == STORE_NOTFOUND)
		return CYCLE_NOTFOUND;
	store_cycle c;
	if (r != STORE_OK || store_cycle_by_id(s, a, inv.cycle_id, &c) != STORE_OK)
		return CYCLE_ERROR;
	/* Joining never lowers a role already held. */
	const char *held;
	r = store_member_role(s, a, c.id, user->id, &held);
	if (r == STORE_NOTFOUND || (r == STORE_OK && strcmp(held, "facilitator"))) {
		if (store_member_set(s, c.id, user->id, inv.role, now) != STORE_OK)
			return CYCLE_ERROR;
	} else if (r != STORE_OK) {
		return CYCLE_ERROR;
	}
	if (store_invitation_accept(s, inv.id, user->id, now) != STORE_OK)
		return CYCLE_ERROR;
	*slug = c.slug;
	return CYCLE_OK;
}

char *cycle_new_uid(arena *a)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
	unsigned char raw[8];
	account_random(raw, sizeof raw);
	char *u = arena_alloc(a, 9);
	for (int i = 0; i < 8; i++)
		u[i] = alphabet[raw[i] % 32];
	u[8] = 0;
	return u;
}
