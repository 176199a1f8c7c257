/* test_controversy.c — the rules of a controversy (domain/controversy.h)
 * over a real store: creating one (field rules, uid, a join code that no
 * seminar holds), statements (who may add them, the text rules, numbering,
 * imported numbers), moderation, votes and their refusals, the next
 * statement to show, the opinion map recomputed from planted opinion groups
 * and read back, frozen reports, and Pol.is' layout in and out. A fresh
 * database per test (PostgreSQL when FABRIQUE_TEST_PG is set, else SQLite:
 * scripts/test.sh runs this binary once on each).
 *
 * Join codes are random; to make a collision happen on purpose, libsodium's
 * random source is replaced (before sodium_init) by one that hands out
 * scripted bytes first and the system's random bytes after. */
#include "unit.h"

#include <jansson.h>
#include <math.h>
#include <sodium.h>

#include "core/buf.h"
#include "domain/account.h"
#include "domain/controversy.h"
#include "domain/cycle.h"
#include "domain/scenario.h"
#include "domain/seminar.h"
#include "engines/polis.h"

#define T0 1700000000

/* ---- a random source with scripted bytes first ---- */

static unsigned char script[64];
static size_t script_n, script_pos;

static void script_set(const unsigned char *bytes, size_t n)
{
	assert_true(n <= sizeof script);
	memcpy(script, bytes, n);
	script_n = n;
	script_pos = 0;
}

static const char *rng_name(void)
{
	return "unit-scripted";
}

static void rng_buf(void *p, size_t n)
{
	unsigned char *o = p;
	size_t k = 0;
	while (k < n && script_pos < script_n)
		o[k++] = script[script_pos++];
	if (k < n)
		randombytes_sysrandom_implementation.buf(o + k, n - k);
}

static uint32_t rng_random(void)
{
	uint32_t v;
	rng_buf(&v, sizeof v);
	return v;
}

static void rng_stir(void)
{
	randombytes_sysrandom_implementation.stir();
}

static int rng_close(void)
{
	return randombytes_sysrandom_implementation.close();
}

static randombytes_implementation scripted_rng = {
	.implementation_name = rng_name, .random = rng_random, .stir = rng_stir,
	.uniform = NULL, .buf = rng_buf, .close = rng_close,
};

/* ---- fixture ---- */

typedef struct fx {
	unit_db db;
	arena *a;
	store_user fac;
	cycle_ctx cx;
	int64_t sc[3];	/* scenarios of the cycle, for seminars */
	int64_t now;
} fx;

static int group_setup(void **state)
{
	(void)state;
	if (randombytes_set_implementation(&scripted_rng) != 0)
		return -1;
	account_init();
	return 0;
}

static int64_t mkscenario(fx *f, int64_t cycle_id, const char *title)
{
	store_template t;
	assert_int_equal(store_template_get(f->db.s, f->a, cycle_id, "t", &t), STORE_OK);
	store_scenario sc = {.cycle_id = cycle_id, .template_id = t.id};
	json_t *secs = json_pack("{s:s}", "recit", "Il était une fois.");
	scenario_input in = {.title = title, .summary = "", .status = "candidat", .sections = secs};
	problems pb;
	problems_init(&pb, f->a);
	bool ok = scenario_save(f->db.s, f->a, &sc, &in, f->fac.id, T0, &pb);
	json_decref(secs);
	if (!ok)
		fail_msg("scenario_save(%s): %zu problems", title, pb.n);
	return sc.id;
}

static int setup(void **state)
{
	fx *f = mem_calloc(1, sizeof *f);
	unit_db_open(&f->db);
	f->a = arena_new();
	f->now = T0 + 100;
	script_n = script_pos = 0;
	int64_t uid = 0;
	if (store_user_create(f->db.s, "fac@example.org", "Fac", "$argon2id$placeholder", false, T0, &uid) !=
	    STORE_OK)
		fail_msg("store_user_create: %s", store_errmsg(f->db.s));
	assert_int_equal(store_user_by_id(f->db.s, f->a, uid, &f->fac), STORE_OK);
	store_cycle c = {.slug = "c1", .title = "c1", .question = "", .description = "", .visibility = "members"};
	problems pb;
	problems_init(&pb, f->a);
	int64_t cid = 0;
	assert_int_equal(cycle_create(f->db.s, f->a, &c, f->fac.id, false, T0, &pb, &cid), CYCLE_OK);
	store_template t = {.cycle_id = cid, .slug = "t", .name = "T", .description = "",
			    .sections = "[{\"id\":\"recit\",\"type\":\"text\",\"label\":\"R\",\"required\":true}]",
			    .updated_at = T0};
	assert_int_equal(store_template_create(f->db.s, &t, NULL), STORE_OK);
	assert_int_equal(cycle_open(f->db.s, f->a, "c1", &f->fac, &f->cx), CYCLE_OK);
	static const char *titles[] = {"Alpha", "Beta", "Gamma"};
	for (int i = 0; i < 3; i++)
		f->sc[i] = mkscenario(f, cid, titles[i]);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	script_n = script_pos = 0;
	unit_db_close(&f->db);
	arena_free(f->a);
	free(f);
	return 0;
}

/* ---- helpers ---- */

/* A string of n copies of the UTF-8 character ch, from the arena. */
static char *repeat(fx *f, const char *ch, size_t n)
{
	size_t l = strlen(ch);
	char *s = arena_alloc(f->a, n * l + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * l, ch, l);
	s[n * l] = 0;
	return s;
}

static store_controversy mkcontroversy(fx *f, const char *state, bool proposals)
{
	store_controversy c = {.title = "Le vélo en ville", .question = "Que pensez-vous du vélo ?",
			       .description = "", .state = state, .proposals = proposals, .seed = 42};
	problems pb;
	problems_init(&pb, f->a);
	int64_t id = 0;
	if (!controversy_create(f->db.s, f->a, &f->cx, &c, f->now, &pb, &id))
		fail_msg("controversy_create: %zu problems, first on %s", pb.n, pb.n ? pb.v[0].field : "-");
	assert_true(id > 0);
	assert_int_equal(c.id, id);
	return c;
}

/* The controversy as stored now (updated_at moves with moderation). */
static store_controversy reload(fx *f, const store_controversy *c)
{
	store_controversy x;
	assert_int_equal(store_controversy_by_id(f->db.s, f->a, c->id, &x), STORE_OK);
	return x;
}

static void set_state(fx *f, store_controversy *c, const char *state)
{
	c->state = state;
	c->updated_at = ++f->now;
	assert_int_equal(store_controversy_update(f->db.s, c), STORE_OK);
}

/* A new participant identity of the cycle. */
static int64_t person(fx *f, const char *nick)
{
	char token[ACCOUNT_TOKEN_LEN + 1], hash[ACCOUNT_HASH_LEN + 1];
	account_new_token(token, hash);
	store_participant p = {.cycle_id = f->cx.c.id, .created_at = f->now, .nickname = nick,
			       .org_kind = "association"};
	int64_t id = 0;
	assert_int_equal(store_participant_create(f->db.s, &p, hash, &id), STORE_OK);
	return id;
}

/* A facilitator's statement, which must be accepted; returns its number. */
static int64_t fac_says(fx *f, const store_controversy *c, const char *body)
{
	problems pb;
	problems_init(&pb, f->a);
	const char *why = NULL;
	int64_t number = 0;
	if (!controversy_add_statement(f->db.s, f->a, c, body, true, 0, f->fac.id, ++f->now, &pb, &why, &number))
		fail_msg("facilitator's statement \"%s\" refused: %s (%zu problems)", body, why ? why : "-", pb.n);
	return number;
}

/* A participant's proposal, which must be accepted as pending. */
static int64_t part_says(fx *f, const store_controversy *c, int64_t pid, const char *body)
{
	problems pb;
	problems_init(&pb, f->a);
	const char *why = NULL;
	int64_t number = 0;
	if (!controversy_add_statement(f->db.s, f->a, c, body, false, pid, 0, ++f->now, &pb, &why, &number))
		fail_msg("proposal \"%s\" refused: %s (%zu problems)", body, why ? why : "-", pb.n);
	return number;
}

/* A statement that must be refused with a problem on "body". */
static void body_refused(fx *f, const store_controversy *c, bool facilitator, int64_t pid, const char *body)
{
	problems pb;
	problems_init(&pb, f->a);
	const char *why = NULL;
	int64_t number = 0;
	bool ok = controversy_add_statement(f->db.s, f->a, c, body, facilitator, facilitator ? 0 : pid,
					    facilitator ? f->fac.id : 0, ++f->now, &pb, &why, &number);
	if (ok)
		fail_msg("statement \"%s\" accepted as number %lld", body, (long long)number);
	if (!problems_for(&pb, "body"))
		fail_msg("statement \"%s\" refused without a problem on body (%zu problems, why %s)", body, pb.n,
			 why ? why : "-");
	assert_null(why);
}

static store_statement statement(fx *f, const store_controversy *c, int64_t number)
{
	store_statement x;
	assert_int_equal(store_statement_get(f->db.s, f->a, c->id, number, &x), STORE_OK);
	return x;
}

static void moderate(fx *f, const store_controversy *c, int64_t number, controversy_mod m, const char *note)
{
	assert_int_equal(controversy_moderate(f->db.s, f->a, c, number, m, note, f->fac.id, ++f->now), 0);
}

static void vote(fx *f, const store_controversy *c, int64_t pid, int64_t number, int value)
{
	const char *why = NULL;
	int rc = controversy_vote(f->db.s, f->a, c, pid, number, value, ++f->now, &why);
	if (rc != 0)
		fail_msg("vote %d on #%lld refused: %d %s", value, (long long)number, rc, why ? why : "");
}

/* Every vote of the controversy as text "pid:number=value@at;..." (what
 * must not change after a refusal). */
static const char *votes_text(fx *f, const store_controversy *c)
{
	store_opinion_vote *v;
	size_t n;
	assert_int_equal(store_opinion_vote_list(f->db.s, f->a, c->id, &v, &n), STORE_OK);
	buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char line[128];
		snprintf(line, sizeof line, "%lld:%lld=%d@%lld;", (long long)v[i].participant_id,
			 (long long)v[i].statement_number, v[i].value, (long long)v[i].voted_at);
		buf_append(&b, line, strlen(line));
	}
	char *s = arena_printf(f->a, "%s", b.len ? buf_cstr(&b) : "");
	buf_free(&b);
	return s;
}

static bool is_stale(fx *f, const store_controversy *c)
{
	store_controversy x = reload(f, c);
	bool stale = false;
	assert_int_equal(controversy_stale(f->db.s, f->a, &x, &stale), 0);
	return stale;
}

static void recompute(fx *f, const store_controversy *c)
{
	char err[256] = "";
	if (controversy_recompute(f->db.s, f->a, c->id, ++f->now, err, sizeof err) != 0)
		fail_msg("controversy_recompute: %s", err);
}

static controversy_map read_map(fx *f, const store_controversy *c)
{
	store_opinion_result res;
	assert_int_equal(store_opinion_result_get(f->db.s, f->a, c->id, &res), STORE_OK);
	controversy_map m;
	assert_true(controversy_map_read(f->a, res.data, &m));
	return m;
}

/* ---- creating ---- */

static void create_refused(fx *f, store_controversy c, const char *field)
{
	problems pb;
	problems_init(&pb, f->a);
	int64_t id = 0;
	if (controversy_create(f->db.s, f->a, &f->cx, &c, f->now, &pb, &id))
		fail_msg("controversy created though %s is wrong", field);
	if (!problems_for(&pb, field))
		fail_msg("no problem on %s (%zu problems)", field, pb.n);
}

static void test_create_rules(void **state)
{
	fx *f = *state;
	store_controversy base = {.title = "T", .question = "", .description = "", .seed = 7};
	store_controversy c = base;
	c.title = "";
	create_refused(f, c, "title");
	c.title = NULL;
	create_refused(f, c, "title");
	c = base;
	c.title = repeat(f, "é", 201); /* characters, not bytes */
	create_refused(f, c, "title");
	c = base;
	c.question = repeat(f, "x", 301);
	create_refused(f, c, "question");
	c = base;
	c.description = repeat(f, "x", 20001);
	create_refused(f, c, "description");
	c = base;
	c.state = "frozen";
	create_refused(f, c, "state");
	store_controversy *list;
	size_t n;
	assert_int_equal(store_controversy_list(f->db.s, f->a, f->cx.c.id, &list, &n), STORE_OK);
	assert_int_equal(n, 0);

	/* The limits themselves are allowed. */
	c = base;
	c.title = repeat(f, "é", 200);
	c.question = repeat(f, "é", 300);
	c.description = repeat(f, "é", 20000);
	problems pb;
	problems_init(&pb, f->a);
	int64_t id = 0;
	assert_true(controversy_create(f->db.s, f->a, &f->cx, &c, f->now, &pb, &id));
	assert_int_equal(pb.n, 0);
	assert_string_equal(c.state, "open"); /* the default */
	assert_int_equal(c.seed, 7);	      /* a given seed is kept */
}

static void test_create_gives_uid_and_code(void **state)
{
	fx *f = *state;
	store_controversy c1 = mkcontroversy(f, NULL, true);
	store_controversy c2 = mkcontroversy(f, "draft", false);
	assert_non_null(c1.uid);
	assert_int_equal(strlen(c1.uid), 8);
	assert_non_null(c1.join_code);
	char norm[8];
	assert_true(seminar_code_normalise(c1.join_code, norm));
	assert_string_equal(norm, c1.join_code);
	assert_string_not_equal(c1.uid, c2.uid);
	assert_string_not_equal(c1.join_code, c2.join_code);

	store_controversy x;
	assert_int_equal(store_controversy_get(f->db.s, f->a, f->cx.c.id, c1.uid, &x), STORE_OK);
	assert_int_equal(x.id, c1.id);
	assert_string_equal(x.title, "Le vélo en ville");
	assert_string_equal(x.question, "Que pensez-vous du vélo ?");
	assert_string_equal(x.state, "open");
	assert_true(x.proposals);
	assert_int_equal(x.seed, 42);
	assert_int_equal(x.created_by, f->fac.id);
	assert_int_equal(x.cycle_id, f->cx.c.id);
	assert_int_equal(store_controversy_by_code(f->db.s, f->a, c1.join_code, &x), STORE_OK);
	assert_int_equal(x.id, c1.id);
	assert_int_equal(store_controversy_by_id(f->db.s, f->a, c2.id, &x), STORE_OK);
	assert_string_equal(x.state, "draft");
	assert_false(x.proposals);

	/* A given uid is kept; without a seed, one is drawn. */
	store_controversy c3 = {.title = "Trois", .uid = "given123"};
	problems pb;
	problems_init(&pb, f->a);
	int64_t id;
	assert_true(controversy_create(f->db.s, f->a, &f->cx, &c3, f->now, &pb, &id));
	assert_string_equal(c3.uid, "given123");
	assert_int_equal(store_controversy_by_id(f->db.s, f->a, id, &x), STORE_OK);
	assert_string_equal(x.uid, "given123");
	assert_true(x.seed != 0);

	/* Nobody holds a seminar code equal to these. */
	store_seminar sm;
	assert_int_equal(store_seminar_by_code(f->db.s, f->a, c1.join_code, &sm), STORE_NOTFOUND);
	assert_int_equal(store_seminar_by_code(f->db.s, f->a, c2.join_code, &sm), STORE_NOTFOUND);
}

/* The code the scripted bytes R give (seminar_new_code draws 6 bytes). */
static const unsigned char R[6] = {3, 141, 59, 26, 5, 35};

static const char *code_of_R(fx *f)
{
	script_set(R, sizeof R);
	const char *code = seminar_new_code(f->a);
	assert_int_equal(script_pos, sizeof R);
	return code;
}

/* A seminar holds the code the controversy draws first: it gets another. */
static void test_create_code_not_a_seminars(void **state)
{
	fx *f = *state;
	const char *code = code_of_R(f);
	store_seminar sm = {.cycle_id = f->cx.c.id, .uid = "seminar1", .title = "S", .method = "approval",
			    .params = "{}", .seats = 1, .state = "preparation", .round = 1, .join_code = code,
			    .resolution = "", .created_at = T0, .updated_at = T0};
	int64_t smid;
	assert_int_equal(store_seminar_create(f->db.s, &sm, &smid), STORE_OK);
	/* uid and seed given: the first random bytes drawn are the code's. */
	store_controversy c = {.title = "T", .uid = "contro01", .seed = 9};
	script_set(R, sizeof R);
	problems pb;
	problems_init(&pb, f->a);
	int64_t id;
	assert_true(controversy_create(f->db.s, f->a, &f->cx, &c, f->now, &pb, &id));
	assert_int_equal(script_pos, sizeof R); /* the colliding code was drawn */
	assert_string_not_equal(c.join_code, code);
	store_controversy x;
	assert_int_equal(store_controversy_by_id(f->db.s, f->a, id, &x), STORE_OK);
	assert_string_not_equal(x.join_code, code);
	assert_string_equal(x.join_code, c.join_code);
	store_seminar y;
	assert_int_equal(store_seminar_by_code(f->db.s, f->a, x.join_code, &y), STORE_NOTFOUND);
	assert_int_equal(store_controversy_by_code(f->db.s, f->a, code, &x), STORE_NOTFOUND);

	/* Another controversy holding the code: drawn again as well. */
	store_controversy c2 = {.title = "T2", .uid = "contro02", .seed = 9};
	unsigned char again[6];
	/* The bytes that give c's code, found by drawing each candidate byte. */
	for (int i = 0; i < 6; i++) {
		int b;
		for (b = 0; b < 256; b++) {
			unsigned char probe[6] = {0, 0, 0, 0, 0, 0};
			probe[i] = (unsigned char)b;
			script_set(probe, 6);
			if (seminar_new_code(f->a)[i] == c.join_code[i])
				break;
		}
		assert_true(b < 256);
		again[i] = (unsigned char)b;
	}
	script_set(again, 6);
	problems_init(&pb, f->a);
	assert_true(controversy_create(f->db.s, f->a, &f->cx, &c2, f->now, &pb, &id));
	assert_int_equal(script_pos, 6);
	assert_string_not_equal(c2.join_code, c.join_code);
}

/* The other way: a seminar created after a controversy must not take its
 * code either, since one /join form takes both kinds. */
static void test_seminar_code_not_a_controversys(void **state)
{
	fx *f = *state;
	const char *code = code_of_R(f);
	store_controversy c = {.title = "T", .uid = "contro01", .seed = 9};
	script_set(R, sizeof R);
	problems pb;
	problems_init(&pb, f->a);
	int64_t id;
	assert_true(controversy_create(f->db.s, f->a, &f->cx, &c, f->now, &pb, &id));
	assert_string_equal(c.join_code, code);
	store_seminar sm = {.title = "Séminaire", .method = "approval", .params = "{}", .seats = 1,
			    .uid = "seminar1"};
	seminar_params p;
	seminar_params_read(&sm, &p);
	script_set(R, sizeof R);
	problems_init(&pb, f->a);
	assert_true(seminar_create(f->db.s, f->a, &f->cx, &sm, &p, f->sc, 3, f->now, &pb));
	assert_int_equal(script_pos, sizeof R);
	if (strcmp(sm.join_code, code) == 0)
		fail_msg("seminar_create gave the seminar %s, the join code of a controversy", code);
}

/* ---- statements ---- */

static void test_statements_who(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	int64_t p1 = person(f, "Paula");

	assert_int_equal(fac_says(f, &c, "  Les pistes cyclables sont sûres.  "), 1);
	store_statement x = statement(f, &c, 1);
	assert_string_equal(x.body, "Les pistes cyclables sont sûres."); /* trimmed */
	assert_string_equal(x.status, "accepted");
	assert_string_equal(x.origin, "facilitator");
	assert_int_equal(x.author_user, f->fac.id);
	assert_int_equal(x.author_participant, 0);
	assert_false(x.is_meta);

	assert_int_equal(part_says(f, &c, p1, "Il faut plus de parkings à vélos."), 2);
	x = statement(f, &c, 2);
	assert_string_equal(x.status, "pending");
	assert_string_equal(x.origin, "participant");
	assert_int_equal(x.author_participant, p1);
	assert_int_equal(x.author_user, 0);
	assert_string_equal(x.author_name, "Paula");

	assert_int_equal(fac_says(f, &c, "Le vélo électrique change tout."), 3);

	/* Refusals of a participant's proposal: why set, no problem, nothing
	 * stored, no number spent. */
	const char *why;
	problems pb;
	int64_t number;
	store_controversy closed = c;
	closed.state = "closed";
	store_controversy draft = c;
	draft.state = "draft";
	store_controversy noprop = c;
	noprop.proposals = false;
	const store_controversy *refusing[] = {&closed, &draft, &noprop};
	for (size_t i = 0; i < UNIT_LEN(refusing); i++) {
		problems_init(&pb, f->a);
		why = NULL;
		number = 0;
		assert_false(controversy_add_statement(f->db.s, f->a, refusing[i], "Une proposition neuve.", false, p1,
						       0, ++f->now, &pb, &why, &number));
		assert_non_null(why);
		assert_int_equal(pb.n, 0);
	}
	problems_init(&pb, f->a);
	assert_false(controversy_add_statement(f->db.s, f->a, &noprop, "Une proposition neuve.", false, p1, 0,
					       ++f->now, &pb, &why, &number));
	unit_assert_contains(why, "proposals");
	problems_init(&pb, f->a);
	assert_false(controversy_add_statement(f->db.s, f->a, &closed, "Une proposition neuve.", false, p1, 0,
					       ++f->now, &pb, &why, &number));
	unit_assert_contains(why, "not open");
	/* Facilitators prepare while the controversy is a draft. */
	assert_int_equal(fac_says(f, &draft, "Préparé en brouillon."), 4);
	store_statement *all;
	size_t n;
	assert_int_equal(store_statement_list(f->db.s, f->a, c.id, &all, &n), STORE_OK);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(all[i].number, (int64_t)i + 1);
}

static void test_statements_text_rules(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	int64_t p1 = person(f, "Paula");
	assert_int_equal(fac_says(f, &c, "Le réseau de bus est très utile."), 1);
	assert_int_equal(part_says(f, &c, p1, "Les trottinettes gênent les piétons."), 2); /* pending */

	for (int fac = 0; fac < 2; fac++) {
		body_refused(f, &c, fac, p1, "");
		body_refused(f, &c, fac, p1, "   \t\n ");
		body_refused(f, &c, fac, p1, repeat(f, "é", CONTROVERSY_STATEMENT_MAX + 1));
		body_refused(f, &c, fac, p1, "Avec un \x01 caractère de contrôle.");
		/* The same as one there, accents, case and spaces aside. */
		body_refused(f, &c, fac, p1, "Le réseau de bus est très utile.");
		body_refused(f, &c, fac, p1, "  LE RESEAU DE BUS EST TRES UTILE.  ");
		body_refused(f, &c, fac, p1, "le Réseau de Bus est Très Utile.");
		/* ... also against a pending proposal. */
		body_refused(f, &c, fac, p1, "LES TROTTINETTES GÊNENT LES PIÉTONS.");
	}
	/* The limit is in characters: 280 two-byte characters are fine. */
	assert_int_equal(fac_says(f, &c, repeat(f, "é", CONTROVERSY_STATEMENT_MAX)), 3);
	/* Refusals spent no number. */
	assert_int_equal(fac_says(f, &c, "Un texte différent."), 4);
	assert_int_equal(part_says(f, &c, p1, "Encore un autre."), 5);
}

/* Imported numbers are kept and later numbers come after the largest. */
static void test_statements_imported_numbers(void **state)
{
	fx *f = *state;
	polis_comment com[3] = {
		{.id = 9, .author = -1, .moderated = 1, .gic = NAN, .body = "Neuf"},
		{.id = 0, .author = -1, .moderated = 1, .gic = NAN, .body = "Zéro"},
		{.id = 4, .author = -1, .moderated = 1, .gic = NAN, .body = "Quatre"},
	};
	polis_data d = {.ncomments = 3, .comments = com};
	store_controversy c = {.title = "Importée", .state = "open", .proposals = true, .seed = 1};
	problems pb;
	problems_init(&pb, f->a);
	int64_t id;
	assert_true(controversy_import_polis(f->db.s, f->a, &f->cx, &c, &d, f->now, &pb, &id));
	assert_string_equal(statement(f, &c, 9).body, "Neuf");
	assert_string_equal(statement(f, &c, 0).body, "Zéro");
	assert_string_equal(statement(f, &c, 4).body, "Quatre");
	assert_int_equal(fac_says(f, &c, "Dix"), 10);
	assert_int_equal(part_says(f, &c, person(f, "P"), "Onze"), 11);
	/* Duplicates of imported texts are refused too. */
	body_refused(f, &c, true, 0, "zero");
}

/* ---- moderation ---- */

static void test_moderation(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	store_controversy other = mkcontroversy(f, "open", true);
	int64_t p1 = person(f, "Paula");
	int64_t n1 = part_says(f, &c, p1, "Proposition à modérer.");
	int64_t n2 = fac_says(f, &c, "Énoncé du facilitateur.");
	for (int i = 0; i < 5; i++)
		fac_says(f, &other, arena_printf(f->a, "Autre %d", i));

	assert_int_equal(controversy_mod_of("accept"), MOD_ACCEPT);
	assert_int_equal(controversy_mod_of("reject"), MOD_REJECT);
	assert_int_equal(controversy_mod_of("meta"), MOD_META);
	assert_int_equal(controversy_mod_of("pending"), MOD_PENDING);
	assert_int_equal(controversy_mod_of("delete"), -1);
	assert_int_equal(controversy_mod_of(NULL), -1);

	moderate(f, &c, n1, MOD_ACCEPT, "ignored");
	store_statement x = statement(f, &c, n1);
	assert_string_equal(x.status, "accepted");
	assert_false(x.is_meta);
	assert_string_equal(x.note, "");
	assert_int_equal(x.moderated_by, f->fac.id);
	assert_int_equal(x.moderated_at, f->now);

	moderate(f, &c, n1, MOD_REJECT, "  Hors sujet.  ");
	x = statement(f, &c, n1);
	assert_string_equal(x.status, "rejected");
	assert_string_equal(x.note, "Hors sujet.");
	assert_false(x.is_meta);

	moderate(f, &c, n1, MOD_META, NULL);
	x = statement(f, &c, n1);
	assert_string_equal(x.status, "accepted");
	assert_true(x.is_meta);
	assert_string_equal(x.note, "");

	moderate(f, &c, n1, MOD_PENDING, NULL);
	x = statement(f, &c, n1);
	assert_string_equal(x.status, "pending");
	assert_false(x.is_meta);

	moderate(f, &c, n2, MOD_REJECT, NULL);
	assert_string_equal(statement(f, &c, n2).status, "rejected");
	assert_string_equal(statement(f, &c, n2).note, "");

	/* No such statement in this controversy (5 exists in the other). */
	assert_int_equal(controversy_moderate(f->db.s, f->a, &c, 99, MOD_ACCEPT, NULL, f->fac.id, ++f->now), 404);
	assert_int_equal(controversy_moderate(f->db.s, f->a, &c, 5, MOD_REJECT, NULL, f->fac.id, ++f->now), 404);
	assert_string_equal(statement(f, &other, 5).status, "accepted");

	/* Moderation makes the map stale. */
	moderate(f, &c, n2, MOD_ACCEPT, NULL);
	vote(f, &c, p1, n2, 1);
	assert_true(is_stale(f, &c));
	recompute(f, &c);
	assert_false(is_stale(f, &c));
	moderate(f, &c, n2, MOD_META, NULL);
	assert_true(is_stale(f, &c));
	recompute(f, &c);
	assert_false(is_stale(f, &c));
	moderate(f, &c, n1, MOD_ACCEPT, NULL); /* a statement nobody voted on */
	assert_true(is_stale(f, &c));
	recompute(f, &c);
	/* A new facilitator statement too (the map must cover it). */
	fac_says(f, &c, "Un nouvel énoncé.");
	assert_true(is_stale(f, &c));
}

/* Moderation in the same second as the last computation. */
static void test_stale_moderation_same_second(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	int64_t p1 = person(f, "Paula");
	int64_t n1 = fac_says(f, &c, "Premier.");
	vote(f, &c, p1, n1, 1);
	char err[256];
	int64_t t = ++f->now;
	assert_int_equal(controversy_recompute(f->db.s, f->a, c.id, t, err, sizeof err), 0);
	assert_false(is_stale(f, &c));
	assert_int_equal(controversy_moderate(f->db.s, f->a, &c, n1, MOD_REJECT, NULL, f->fac.id, t), 0);
	if (!is_stale(f, &c))
		fail_msg("a statement rejected in the second of the last computation leaves the map not stale");
}

/* A vote changed in the same second as the last computation. */
static void test_stale_vote_same_second(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	int64_t p1 = person(f, "Paula");
	int64_t n1 = fac_says(f, &c, "Premier.");
	int64_t t = ++f->now;
	const char *why;
	assert_int_equal(controversy_vote(f->db.s, f->a, &c, p1, n1, 1, t, &why), 0);
	char err[256];
	assert_int_equal(controversy_recompute(f->db.s, f->a, c.id, t, err, sizeof err), 0);
	assert_false(is_stale(f, &c));
	assert_int_equal(controversy_vote(f->db.s, f->a, &c, p1, n1, -1, t, &why), 0);
	if (!is_stale(f, &c))
		fail_msg("a vote changed in the second of the last computation leaves the map not stale");
}

/* ---- votes ---- */

static void test_votes(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	int64_t p1 = person(f, "Paula"), p2 = person(f, "Pierre");
	int64_t acc = fac_says(f, &c, "Accepté.");
	int64_t pend = part_says(f, &c, p1, "En attente.");
	int64_t rej = fac_says(f, &c, "Rejeté.");
	int64_t meta = fac_says(f, &c, "Méta.");
	moderate(f, &c, rej, MOD_REJECT, "non");
	moderate(f, &c, meta, MOD_META, NULL);

	vote(f, &c, p1, acc, 1);
	store_opinion_vote *v;
	size_t n;
	assert_int_equal(store_opinion_votes_of(f->db.s, f->a, c.id, p1, &v, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].value, 1);
	assert_int_equal(v[0].statement_number, acc);
	assert_int_equal(v[0].voted_at, f->now);
	/* A later vote replaces the earlier one. */
	vote(f, &c, p1, acc, -1);
	assert_int_equal(store_opinion_votes_of(f->db.s, f->a, c.id, p1, &v, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].value, -1);
	assert_int_equal(v[0].voted_at, f->now);
	vote(f, &c, p1, acc, 0);
	vote(f, &c, p2, acc, 1);
	vote(f, &c, p2, meta, -1); /* meta statements are voted on */
	assert_int_equal(store_opinion_votes_of(f->db.s, f->a, c.id, p1, &v, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].value, 0);
	int64_t nv, last, vsum;
	assert_int_equal(store_opinion_vote_stats(f->db.s, c.id, &nv, &last, &vsum), STORE_OK);
	assert_int_equal(nv, 3);
	assert_int_equal(last, f->now);
	store_statement x = statement(f, &c, acc);
	(void)x;
	store_statement *all;
	assert_int_equal(store_statement_list(f->db.s, f->a, c.id, &all, &n), STORE_OK);
	assert_int_equal(all[0].agree, 1);
	assert_int_equal(all[0].disagree, 0);
	assert_int_equal(all[0].pass, 1);

	const char *before = votes_text(f, &c);
	const char *why;
	/* Not accepted: 409 with a reason. */
	int64_t refused[] = {pend, rej};
	for (size_t i = 0; i < UNIT_LEN(refused); i++) {
		why = NULL;
		assert_int_equal(controversy_vote(f->db.s, f->a, &c, p2, refused[i], 1, ++f->now, &why), 409);
		assert_non_null(why);
	}
	/* No such statement. */
	assert_int_equal(controversy_vote(f->db.s, f->a, &c, p2, 99, 1, ++f->now, &why), 404);
	/* Another value. */
	int bad[] = {2, -2, 100};
	for (size_t i = 0; i < UNIT_LEN(bad); i++)
		assert_int_equal(controversy_vote(f->db.s, f->a, &c, p2, acc, bad[i], ++f->now, &why), 422);
	assert_string_equal(votes_text(f, &c), before);

	/* Closed, or back to draft: 409 on an accepted statement. */
	const char *states[] = {"closed", "draft"};
	for (size_t i = 0; i < UNIT_LEN(states); i++) {
		set_state(f, &c, states[i]);
		why = NULL;
		assert_int_equal(controversy_vote(f->db.s, f->a, &c, p2, acc, -1, ++f->now, &why), 409);
		assert_non_null(why);
		unit_assert_contains(why, "not open");
		assert_int_equal(controversy_vote(f->db.s, f->a, &c, p1, meta, 1, ++f->now, &why), 409);
		assert_string_equal(votes_text(f, &c), before);
	}
	assert_int_equal(store_opinion_vote_stats(f->db.s, c.id, &nv, &last, &vsum), STORE_OK);
	assert_int_equal(nv, 3);
}

/* ---- the next statement ---- */

static void test_next(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	int64_t p1 = person(f, "Paula"), p2 = person(f, "Pierre"), p3 = person(f, "Quentin");
	int64_t acc[5];
	for (int i = 0; i < 5; i++)
		acc[i] = fac_says(f, &c, arena_printf(f->a, "Accepté %d", i));
	int64_t pend = part_says(f, &c, p1, "En attente.");
	int64_t rej = fac_says(f, &c, "Rejeté.");
	moderate(f, &c, rej, MOD_REJECT, NULL);
	moderate(f, &c, acc[4], MOD_META, NULL); /* still accepted: shown */
	vote(f, &c, p1, acc[0], 1);
	vote(f, &c, p1, acc[2], -1);
	vote(f, &c, p2, acc[1], 0);

	static const double us[] = {0.0, 1e-12, 0.25, 0.5, 0.999999, 0x1.fffffffffffffp-1};
	for (int round = 0; round < 2; round++) {
		if (round == 1)
			recompute(f, &c); /* with priorities from the map */
		for (size_t k = 0; k < UNIT_LEN(us); k++) {
			store_statement out;
			int64_t left = -1;
			memset(&out, 0, sizeof out);
			assert_int_equal(controversy_next(f->db.s, f->a, &c, p1, us[k], &out, &left), 1);
			assert_int_equal(left, 3);
			assert_string_equal(out.status, "accepted");
			assert_true(out.number != acc[0] && out.number != acc[2] && out.number != pend &&
				    out.number != rej);
			assert_int_equal(out.controversy_id, c.id);
		}
	}
	/* Voting on whatever comes next empties the list, left counting down. */
	for (int64_t want = 3; want >= 1; want--) {
		store_statement out;
		int64_t left = -1;
		assert_int_equal(controversy_next(f->db.s, f->a, &c, p1, want == 2 ? 0.999999 : 0.0, &out, &left), 1);
		assert_int_equal(left, want);
		assert_string_equal(out.status, "accepted");
		store_opinion_vote *v;
		size_t n;
		assert_int_equal(store_opinion_votes_of(f->db.s, f->a, c.id, p1, &v, &n), STORE_OK);
		for (size_t i = 0; i < n; i++)
			assert_true(v[i].statement_number != out.number);
		vote(f, &c, p1, out.number, 0);
	}
	store_statement out;
	int64_t left = -1;
	assert_int_equal(controversy_next(f->db.s, f->a, &c, p1, 0.5, &out, &left), 0);
	assert_int_equal(left, 0);
	/* A newcomer sees every accepted statement. */
	assert_int_equal(controversy_next(f->db.s, f->a, &c, p3, 0.5, &out, &left), 1);
	assert_int_equal(left, 5);
	/* A controversy without accepted statements. */
	store_controversy empty = mkcontroversy(f, "open", true);
	part_says(f, &empty, p3, "Seulement en attente.");
	assert_int_equal(controversy_next(f->db.s, f->a, &empty, p3, 0.5, &out, &left), 0);
	assert_int_equal(left, 0);
}

/* ---- the opinion map ---- */

#define NG 3	      /* planted groups */
#define PER 30	      /* participants per group */
#define NS 20	      /* regular statements */
#define NP (NG * PER)

static uint64_t lcg_state;
static unsigned lcg(void)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(lcg_state >> 33);
}

static void test_recompute_planted(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	int64_t num[NS + 3];
	for (int j = 0; j < NS; j++)
		num[j] = fac_says(f, &c, arena_printf(f->a, "Énoncé numéro %d", j + 1));
	int64_t meta = num[NS] = fac_says(f, &c, "Sur le débat lui-même.");
	int64_t rej = num[NS + 1] = fac_says(f, &c, "Hors sujet.");
	int64_t pid[NP];
	for (int i = 0; i < NP; i++)
		pid[i] = person(f, arena_printf(f->a, "P%d", i));
	int64_t pend = num[NS + 2] = part_says(f, &c, pid[0], "Une proposition en attente.");

	/* Counted here, independently of the store. */
	int cnt[NS + 3][3] = {{0}}; /* [statement][value + 1] */
	int nvotes_of[NP] = {0};
	int64_t total = 0;
	lcg_state = 12345;
	assert_int_equal(store_begin(f->db.s), STORE_OK);
	for (int i = 0; i < NP; i++) {
		int g = i / PER;
		for (int j = 0; j < NS + 2; j++) {
			unsigned r = lcg() % 100;
			if (r < 10)
				continue; /* not seen */
			int v;
			if (j >= NS)
				v = (int)(lcg() % 3) - 1;
			else if (r < 18)
				v = 0;
			else {
				v = j % NG == g ? 1 : -1;
				if (r < 22)
					v = -v; /* a little noise */
			}
			if (i % 7 == 0) /* a first vote, replaced */
				vote(f, &c, pid[i], num[j], v == 1 ? -1 : 1);
			vote(f, &c, pid[i], num[j], v);
			cnt[j][v + 1]++;
			nvotes_of[i]++;
			total++;
		}
	}
	assert_int_equal(store_commit(f->db.s), STORE_OK);
	moderate(f, &c, meta, MOD_META, NULL);
	moderate(f, &c, rej, MOD_REJECT, "hors sujet");

	assert_true(is_stale(f, &c));
	recompute(f, &c);
	int64_t computed = f->now;
	assert_false(is_stale(f, &c));

	controversy_map m = read_map(f, &c);
	assert_int_equal(m.computed_at, computed);
	assert_int_equal(m.nvotes, total);
	assert_int_equal(m.seed, 42);
	assert_int_equal(m.nvoters, NP);
	assert_int_equal(m.npeople, NP);
	if (m.ngroups < 2)
		fail_msg("%d opinion groups found among %d planted", m.ngroups, NG);
	assert_true(m.ngroups <= OPINION_MAX_GROUPS);
	int sizes = 0;
	for (int g = 0; g < m.ngroups; g++)
		sizes += m.groups[g].size;
	assert_int_equal(sizes, m.nclustered);

	/* Every participant once, with their votes. */
	int mapgroup[NP];
	for (int i = 0; i < NP; i++) {
		int found = 0;
		for (int k = 0; k < m.npeople; k++)
			if (m.people[k].participant_id == pid[i]) {
				found++;
				assert_int_equal(m.people[k].nvotes, nvotes_of[i]);
				mapgroup[i] = m.people[k].group;
				if (m.people[k].clustered)
					assert_true(mapgroup[i] >= 0);
				assert_true(isfinite(m.people[k].x) && isfinite(m.people[k].y));
			}
		if (found != 1)
			fail_msg("participant %d appears %d times in the map", i, found);
	}
	/* Each planted group lies mostly in one map group. */
	for (int g = 0; g < NG; g++) {
		int in[OPINION_MAX_GROUPS] = {0}, best = 0;
		for (int i = g * PER; i < (g + 1) * PER; i++)
			if (mapgroup[i] >= 0)
				in[mapgroup[i]]++;
		for (int k = 0; k < m.ngroups; k++)
			if (in[k] > best)
				best = in[k];
		if (best < PER * 8 / 10)
			fail_msg("planted group %d is split: at most %d of %d in one map group", g, best, PER);
	}

	/* Counts per statement, over every voter. */
	assert_int_equal(m.nst, NS + 3);
	for (int j = 0; j < NS; j++) {
		const cmap_statement *s = controversy_map_statement(&m, num[j]);
		assert_non_null(s);
		assert_true(s->in_map);
		if (s->agree != cnt[j][2] || s->disagree != cnt[j][0] || s->pass != cnt[j][1])
			fail_msg("statement %lld: map has %d/%d/%d, inserted %d/%d/%d", (long long)num[j], s->agree,
				 s->disagree, s->pass, cnt[j][2], cnt[j][0], cnt[j][1]);
		int ga = 0, gd = 0, gs = 0;
		for (int g = 0; g < m.ngroups; g++) {
			ga += s->g_agree[g];
			gd += s->g_disagree[g];
			gs += s->g_seen[g];
		}
		if (m.nclustered == NP) {
			assert_int_equal(ga, s->agree);
			assert_int_equal(gd, s->disagree);
			assert_int_equal(gs, s->agree + s->disagree + s->pass);
		}
		assert_true(isfinite(s->gac));
	}
	assert_false(controversy_map_statement(&m, meta)->in_map);
	assert_false(controversy_map_statement(&m, rej)->in_map);
	assert_false(controversy_map_statement(&m, pend)->in_map);
	assert_null(controversy_map_statement(&m, 999));
	for (int g = 0; g < m.ngroups; g++)
		for (int k = 0; k < m.groups[g].nrep; k++) {
			const cmap_statement *s = controversy_map_statement(&m, m.groups[g].rep[k].number);
			assert_non_null(s);
			assert_true(s->in_map);
		}

	/* Priorities stored for the accepted statements. */
	store_statement *all;
	size_t n;
	assert_int_equal(store_statement_list(f->db.s, f->a, c.id, &all, &n), STORE_OK);
	assert_int_equal(n, NS + 3);
	for (size_t j = 0; j < n; j++)
		if (strcmp(all[j].status, "accepted") == 0 && all[j].priority <= 0)
			fail_msg("statement %lld: priority %lld", (long long)all[j].number, (long long)all[j].priority);

	/* A new vote makes the map stale again. */
	int64_t late = person(f, "Tardif");
	vote(f, &c, late, num[0], 1);
	assert_true(is_stale(f, &c));
	recompute(f, &c);
	assert_false(is_stale(f, &c));
	m = read_map(f, &c);
	assert_int_equal(m.npeople, NP + 1);
	assert_int_equal(controversy_map_statement(&m, num[0])->agree, cnt[0][2] + 1);
}

/* A map with no votes at all, and a map that is not JSON. */
static void test_recompute_empty(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	assert_false(is_stale(f, &c));
	fac_says(f, &c, "Seul.");
	recompute(f, &c);
	controversy_map m = read_map(f, &c);
	assert_int_equal(m.npeople, 0);
	assert_int_equal(m.ngroups, 0);
	assert_int_equal(m.nst, 1);
	assert_false(controversy_map_read(f->a, "not json", &m));
	assert_false(controversy_map_read(f->a, NULL, &m));
	char err[128];
	assert_int_equal(controversy_recompute(f->db.s, f->a, 987654, ++f->now, err, sizeof err), -1);
	assert_true(err[0] != 0);
}

/* ---- frozen reports ---- */

static void test_freeze(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	int64_t p1 = person(f, "Paula"), p2 = person(f, "Pierre");
	int64_t n1 = fac_says(f, &c, "Premier énoncé.");
	int64_t n2 = fac_says(f, &c, "Deuxième énoncé.");
	int64_t n3 = part_says(f, &c, p1, "Troisième, proposé.");
	vote(f, &c, p1, n1, 1);
	vote(f, &c, p2, n1, -1);
	vote(f, &c, p2, n2, 0);

	int64_t number = -1;
	assert_int_equal(controversy_freeze(f->db.s, f->a, &c, f->fac.id, ++f->now, &number), 409);
	store_opinion_report *reps;
	size_t n;
	assert_int_equal(store_opinion_report_list(f->db.s, f->a, c.id, &reps, &n), STORE_OK);
	assert_int_equal(n, 0);

	recompute(f, &c);
	controversy_map then = read_map(f, &c);
	assert_int_equal(controversy_freeze(f->db.s, f->a, &c, f->fac.id, ++f->now, &number), 0);
	assert_int_equal(number, 1);
	int64_t frozen_at = f->now;
	assert_int_equal(controversy_freeze(f->db.s, f->a, &c, f->fac.id, ++f->now, &number), 0);
	assert_int_equal(number, 2);
	assert_int_equal(store_opinion_report_list(f->db.s, f->a, c.id, &reps, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(reps[0].number, 2);
	assert_int_equal(reps[1].number, 1);

	/* Later: a statement rejected, one made meta, one accepted, one added,
	 * more votes and a new map. */
	moderate(f, &c, n1, MOD_META, NULL);
	moderate(f, &c, n2, MOD_REJECT, "non");
	moderate(f, &c, n3, MOD_ACCEPT, NULL);
	fac_says(f, &c, "Ajouté après le gel.");
	vote(f, &c, p1, n3, 1);
	recompute(f, &c);

	store_opinion_report rep;
	assert_int_equal(store_opinion_report_get(f->db.s, f->a, c.id, 1, &rep), STORE_OK);
	assert_int_equal(rep.frozen_at, frozen_at);
	assert_int_equal(rep.frozen_by, f->fac.id);
	controversy_frozen fr;
	assert_true(controversy_frozen_read(f->a, rep.data, &fr));
	assert_string_equal(fr.title, "Le vélo en ville");
	assert_string_equal(fr.question, "Que pensez-vous du vélo ?");
	assert_int_equal(fr.nst, 3);
	assert_int_equal(fr.number[0], n1);
	assert_string_equal(fr.body[0], "Premier énoncé.");
	assert_false(fr.is_meta[0]);
	assert_int_equal(fr.number[1], n2);
	assert_string_equal(fr.body[1], "Deuxième énoncé.");
	assert_int_equal(fr.number[2], n3);
	assert_string_equal(fr.body[2], "Troisième, proposé.");
	/* The map of that moment. */
	assert_int_equal(fr.map.nvotes, 3);
	assert_int_equal(fr.map.nvotes, then.nvotes);
	assert_int_equal(fr.map.computed_at, then.computed_at);
	assert_int_equal(fr.map.npeople, 2);
	assert_int_equal(fr.map.nst, 3);
	const cmap_statement *s1 = controversy_map_statement(&fr.map, n1);
	assert_non_null(s1);
	assert_true(s1->in_map);
	assert_int_equal(s1->agree, 1);
	assert_int_equal(s1->disagree, 1);
	assert_true(controversy_map_statement(&fr.map, n2)->in_map);
	assert_false(controversy_map_statement(&fr.map, n3)->in_map);
	/* while the current map has moved on */
	controversy_map now = read_map(f, &c);
	assert_int_equal(now.nvotes, 4);
	assert_false(controversy_map_statement(&now, n1)->in_map);
	assert_false(controversy_map_statement(&now, n2)->in_map);
	assert_true(controversy_map_statement(&now, n3)->in_map);

	assert_false(controversy_frozen_read(f->a, "[]", &fr));
	assert_false(controversy_frozen_read(f->a, "{\"title\":\"x\"}", &fr));
}

/* ---- Pol.is ---- */

static const char P_COMMENTS[] =
	"timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,comment-body\n"
	"1700000000000,0,,2,1,1,false,true,Premier énoncé\n"
	"1700000001000,3,,0,1,-1,false,false,\"Second, avec virgule\"\n"
	"1700000002000,7,,0,0,1,true,false,\"Méta \"\"cité\"\"\"\n"
	"1700000003000,8,,1,0,1,false,false,\"Sur deux\nlignes\"\n";

static const char P_VOTES[] =
	"timestamp,datetime,comment-id,voter-id,vote\n"
	"1700000100000,x,0,2,1\n"
	"1700000101000,x,3,2,-1\n"
	"1700000102000,x,7,5,0\n"
	"1700000103000,x,0,5,-1\n"
	"1700000104000,x,8,9,1\n"
	"1700000105000,x,0,9,1\n";

static void parse_text(fx *f, const char *votes, const char *comments, const char *pv, polis_data *d)
{
	char err[300] = "";
	if (polis_parse(f->a, votes, votes ? strlen(votes) : 0, comments, strlen(comments), pv, pv ? strlen(pv) : 0, d,
			err, sizeof err) != 0)
		fail_msg("polis_parse: %s", err);
}

static const char *export(fx *f, const store_controversy *c, const char *which)
{
	buf b = BUF_INIT;
	assert_int_equal(controversy_export_polis(f->db.s, f->a, c, which, &b), 0);
	char *s = arena_printf(f->a, "%s", b.len ? buf_cstr(&b) : "");
	buf_free(&b);
	return s;
}

static void test_polis_roundtrip(void **state)
{
	fx *f = *state;
	polis_data d;
	parse_text(f, P_VOTES, P_COMMENTS, NULL, &d);
	assert_int_equal(d.ncomments, 4);
	assert_int_equal(d.nparticipants, 3);
	assert_int_equal(d.nvotes, 6);

	store_controversy c = {.title = "Importée", .question = "Q ?", .state = "closed", .seed = 3};
	problems pb;
	problems_init(&pb, f->a);
	int64_t id;
	assert_true(controversy_import_polis(f->db.s, f->a, &f->cx, &c, &d, f->now, &pb, &id));
	assert_int_equal(pb.n, 0);

	/* What the store holds. */
	store_statement x = statement(f, &c, 0);
	assert_string_equal(x.body, "Premier énoncé");
	assert_string_equal(x.status, "accepted");
	assert_string_equal(x.origin, "import");
	assert_int_equal(x.created_at, 1700000000);
	x = statement(f, &c, 3);
	assert_string_equal(x.status, "rejected");
	assert_string_equal(x.body, "Second, avec virgule");
	x = statement(f, &c, 7);
	assert_string_equal(x.status, "accepted");
	assert_true(x.is_meta);
	assert_string_equal(x.body, "Méta \"cité\"");
	x = statement(f, &c, 8);
	assert_string_equal(x.body, "Sur deux\nlignes");
	store_participant *pp;
	size_t np;
	assert_int_equal(store_controversy_people(f->db.s, f->a, c.id, &pp, &np), STORE_OK);
	assert_int_equal(np, 3);
	assert_string_equal(pp[0].nickname, "Pol.is 2");
	assert_string_equal(pp[1].nickname, "Pol.is 5");
	assert_string_equal(pp[2].nickname, "Pol.is 9");
	for (size_t i = 0; i < np; i++)
		assert_int_equal(pp[i].cycle_id, f->cx.c.id);
	store_opinion_vote *v;
	size_t nv;
	assert_int_equal(store_opinion_vote_list(f->db.s, f->a, c.id, &v, &nv), STORE_OK);
	assert_int_equal(nv, 6);
	assert_int_equal(v[0].participant_id, pp[0].id);
	assert_int_equal(v[0].statement_number, 0);
	assert_int_equal(v[0].value, 1);
	assert_int_equal(v[0].voted_at, 1700000100);

	/* Out and back in. */
	buf b = BUF_INIT;
	assert_int_equal(controversy_export_polis(f->db.s, f->a, &c, "summary.csv", &b), 404);
	buf_free(&b);
	const char *ev = export(f, &c, "votes.csv"), *ec = export(f, &c, "comments.csv"),
		   *epv = export(f, &c, "participants-votes.csv");
	polis_data e;
	parse_text(f, ev, ec, epv, &e);
	assert_int_equal(e.ncomments, d.ncomments);
	for (int j = 0; j < d.ncomments; j++) {
		assert_int_equal(e.comments[j].id, d.comments[j].id);
		assert_string_equal(e.comments[j].body, d.comments[j].body);
		assert_int_equal(e.comments[j].moderated, d.comments[j].moderated);
		assert_int_equal(e.comments[j].is_meta, d.comments[j].is_meta);
		assert_int_equal(e.comments[j].timestamp, d.comments[j].timestamp);
	}
	/* Participants are renumbered 0, 1, 2 in the same order. */
	assert_int_equal(e.nparticipants, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(e.participant_id[i], i);
	assert_non_null(e.published_group);
	assert_int_equal(e.nvotes, d.nvotes);
	for (size_t k = 0; k < d.nvotes; k++) {
		assert_int_equal(e.vote_participant[k], d.vote_participant[k]);
		assert_int_equal(e.comments[e.vote_comment[k]].id, d.comments[d.vote_comment[k]].id);
		assert_int_equal(e.vote_value[k], d.vote_value[k]);
		assert_int_equal(e.vote_time[k], d.vote_time[k]);
	}
	/* participants-votes.csv alone gives the same votes. */
	polis_data e2;
	parse_text(f, NULL, ec, epv, &e2);
	assert_int_equal(e2.nvotes, d.nvotes);
	for (size_t k = 0; k < d.nvotes; k++) {
		assert_int_equal(e2.vote_participant[k], d.vote_participant[k]);
		assert_int_equal(e2.comments[e2.vote_comment[k]].id, d.comments[d.vote_comment[k]].id);
		assert_int_equal(e2.vote_value[k], d.vote_value[k]);
	}
	/* comments.csv counts agrees and disagrees. */
	unit_assert_contains(ec, "agrees");

	/* With a map, group-ids come from it. */
	recompute(f, &c);
	controversy_map m = read_map(f, &c);
	epv = export(f, &c, "participants-votes.csv");
	parse_text(f, NULL, ec, epv, &e2);
	for (int i = 0; i < 3; i++) {
		int g = -2;
		for (int k = 0; k < m.npeople; k++)
			if (m.people[k].participant_id == pp[i].id)
				g = m.people[k].group;
		assert_int_equal(e2.published_group[i], g);
	}
}

/* A controversy made here: pending proposals, authors and seeds. */
static void test_polis_export_native(void **state)
{
	fx *f = *state;
	store_controversy c = mkcontroversy(f, "open", true);
	int64_t p1 = person(f, "Paula"), p2 = person(f, "Pierre");
	int64_t n1 = fac_says(f, &c, "Du facilitateur.");
	int64_t n2 = part_says(f, &c, p2, "De Pierre, en attente.");
	int64_t n3 = part_says(f, &c, p2, "De Pierre, rejeté.");
	moderate(f, &c, n3, MOD_REJECT, NULL);
	vote(f, &c, p1, n1, -1);
	polis_data e;
	parse_text(f, export(f, &c, "votes.csv"), export(f, &c, "comments.csv"), export(f, &c, "participants-votes.csv"),
		   &e);
	assert_int_equal(e.ncomments, 3);
	assert_int_equal(e.comments[0].id, n1);
	assert_int_equal(e.comments[0].moderated, 1);
	assert_int_equal(e.comments[0].is_seed, 1);
	assert_int_equal(e.comments[0].author, -1);
	assert_int_equal(e.comments[1].id, n2);
	assert_int_equal(e.comments[1].moderated, 0);
	assert_int_equal(e.comments[1].is_seed, 0);
	assert_int_equal(e.comments[1].author, 1); /* p2 is the second identity */
	assert_int_equal(e.comments[2].moderated, -1);
	assert_int_equal(e.nparticipants, 2);
	assert_int_equal(e.nvotes, 1);
	assert_int_equal(e.vote_participant[0], 0);
	assert_int_equal(e.vote_comment[0], 0);
	assert_int_equal(e.vote_value[0], -1);
}

/* Files that cannot be imported. */
static void test_polis_import_refused(void **state)
{
	fx *f = *state;
	polis_comment dup[2] = {
		{.id = 4, .author = -1, .moderated = 1, .gic = NAN, .body = "Un"},
		{.id = 4, .author = -1, .moderated = 1, .gic = NAN, .body = "Deux"},
	};
	polis_data d = {.ncomments = 2, .comments = dup};
	store_controversy c = {.title = "Doublons", .state = "closed", .seed = 1};
	problems pb;
	problems_init(&pb, f->a);
	int64_t id;
	assert_false(controversy_import_polis(f->db.s, f->a, &f->cx, &c, &d, f->now, &pb, &id));
	assert_non_null(problems_for(&pb, "file"));

	polis_comment empty[1] = {{.id = 1, .author = -1, .gic = NAN, .body = ""}};
	d = (polis_data){.ncomments = 1, .comments = empty};
	store_controversy c2 = {.title = "Vide", .state = "closed", .seed = 1};
	problems_init(&pb, f->a);
	assert_false(controversy_import_polis(f->db.s, f->a, &f->cx, &c2, &d, f->now, &pb, &id));
	assert_non_null(problems_for(&pb, "file"));

	store_controversy c3 = {.title = "", .state = "closed", .seed = 1};
	problems_init(&pb, f->a);
	assert_false(controversy_import_polis(f->db.s, f->a, &f->cx, &c3, &d, f->now, &pb, &id));
	assert_non_null(problems_for(&pb, "title"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_gives_uid_and_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_code_not_a_seminars, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seminar_code_not_a_controversys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statements_who, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statements_text_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statements_imported_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moderation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_moderation_same_second, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_vote_same_second, setup, teardown),
		cmocka_unit_test_setup_teardown(test_votes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recompute_planted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recompute_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_freeze, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polis_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polis_export_native, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polis_import_refused, setup, teardown),
	};
	return cmocka_run_group_tests_name("controversy", tests, group_setup, NULL);
}
