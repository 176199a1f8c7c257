/* test_ratelimit.c — fixed-window event counting per key (ratelimit.h). */
#include "unit.h"

#include <pthread.h>

#include "core/ratelimit.h"

#define T0 1700000000

static void test_limit(void **state)
{
	(void)state;
	ratelimit *r = ratelimit_new(3, 60);
	assert_int_equal(ratelimit_check(r, "k", T0), 0);
	ratelimit_hit(r, "k", T0);
	ratelimit_hit(r, "k", T0 + 1);
	assert_int_equal(ratelimit_check(r, "k", T0 + 2), 0); /* 2 of 3 used */
	ratelimit_hit(r, "k", T0 + 2);
	/* The window opened at T0 closes at T0 + 60. */
	assert_int_equal(ratelimit_check(r, "k", T0 + 2), 58);
	assert_int_equal(ratelimit_check(r, "k", T0 + 30), 30);
	assert_int_equal(ratelimit_check(r, "k", T0 + 59), 1);
	/* check counts nothing. */
	for (int i = 0; i < 100; i++)
		ratelimit_check(r, "other", T0);
	assert_int_equal(ratelimit_check(r, "other", T0), 0);
	ratelimit_free(r);
	ratelimit_free(NULL);
}

static void test_window_expiry(void **state)
{
	(void)state;
	ratelimit *r = ratelimit_new(2, 100);
	ratelimit_hit(r, "ip", T0);
	ratelimit_hit(r, "ip", T0 + 50);
	assert_true(ratelimit_check(r, "ip", T0 + 99) > 0);
	/* A new window: allowed again, counting from zero. */
	assert_int_equal(ratelimit_check(r, "ip", T0 + 100), 0);
	ratelimit_hit(r, "ip", T0 + 100);
	assert_int_equal(ratelimit_check(r, "ip", T0 + 101), 0);
	ratelimit_hit(r, "ip", T0 + 101);
	assert_int_equal(ratelimit_check(r, "ip", T0 + 101), 99);
	/* Long after: allowed. */
	assert_int_equal(ratelimit_check(r, "ip", T0 + 100000), 0);
	ratelimit_free(r);
}

static void test_reset_and_keys(void **state)
{
	(void)state;
	ratelimit *r = ratelimit_new(1, 900);
	ratelimit_hit(r, "u:ada@example.org", T0);
	ratelimit_hit(r, "u:bob@example.org", T0);
	assert_true(ratelimit_check(r, "u:ada@example.org", T0) > 0);
	assert_true(ratelimit_check(r, "u:bob@example.org", T0) > 0);
	assert_int_equal(ratelimit_check(r, "u:eve@example.org", T0), 0);
	ratelimit_reset(r, "u:ada@example.org");
	assert_int_equal(ratelimit_check(r, "u:ada@example.org", T0), 0);
	assert_true(ratelimit_check(r, "u:bob@example.org", T0) > 0); /* only that key */
	ratelimit_reset(r, "u:never-seen");				/* harmless */
	/* Counting starts again after a reset. */
	ratelimit_hit(r, "u:ada@example.org", T0 + 1);
	assert_true(ratelimit_check(r, "u:ada@example.org", T0 + 1) > 0);
	ratelimit_free(r);
}

/* Far more keys than the table holds: no fresh key is ever refused, and the
 * keys that did reach their limit are limited while the table is not full. */
static void test_many_keys(void **state)
{
	(void)state;
	ratelimit *r = ratelimit_new(2, 600);
	char key[32];
	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof key, "limited-%d", i);
		ratelimit_hit(r, key, T0);
		ratelimit_hit(r, key, T0);
	}
	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof key, "limited-%d", i);
		if (ratelimit_check(r, key, T0 + 1) == 0)
			fail_msg("%s was forgotten with only 200 keys in use", key);
	}
	for (int i = 0; i < 50000; i++) {
		snprintf(key, sizeof key, "flood-%d", i);
		ratelimit_hit(r, key, T0 + 2);
	}
	for (int i = 0; i < 50000; i++) {
		snprintf(key, sizeof key, "fresh-%d", i);
		if (ratelimit_check(r, key, T0 + 3) != 0)
			fail_msg("a key never seen (%s) is refused", key);
	}
	/* One hit each: below the limit of 2, so no flood key is refused. */
	for (int i = 0; i < 50000; i += 7) {
		snprintf(key, sizeof key, "flood-%d", i);
		if (ratelimit_check(r, key, T0 + 3) != 0)
			fail_msg("%s is refused after one hit", key);
	}
	ratelimit_free(r);
}

struct hammer {
	ratelimit *r;
	int n;
};

static void *hammer(void *arg)
{
	struct hammer *h = arg;
	for (int i = 0; i < h->n; i++)
		ratelimit_hit(h->r, "shared", T0);
	return NULL;
}

/* Concurrent hits are all counted: 4 threads x 2500 hits reach a limit of
 * 10000 exactly. */
static void test_threads(void **state)
{
	(void)state;
	for (int limit = 10000; limit <= 10001; limit++) {
		ratelimit *r = ratelimit_new(limit, 60);
		pthread_t t[4];
		struct hammer h = {r, 2500};
		for (int i = 0; i < 4; i++)
			assert_int_equal(pthread_create(&t[i], NULL, hammer, &h), 0);
		for (int i = 0; i < 4; i++)
			pthread_join(t[i], NULL);
		if (limit == 10000)
			assert_true(ratelimit_check(r, "shared", T0) > 0);
		else
			assert_int_equal(ratelimit_check(r, "shared", T0), 0);
		ratelimit_free(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_window_expiry),
		cmocka_unit_test(test_reset_and_keys),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests_name("ratelimit", tests, NULL, NULL);
}
