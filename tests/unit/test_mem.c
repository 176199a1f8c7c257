/* test_mem.c — the aborting allocators and the per-request arena (mem.h). */
#include "unit.h"

#include <stdalign.h>
#include <sys/wait.h>

static void test_mem_strdup(void **state)
{
	(void)state;
	char *p = mem_strdup("fabrique");
	assert_string_equal(p, "fabrique");
	free(p);
	p = mem_strndup("fabrique", 3);
	assert_string_equal(p, "fab");
	free(p);
	p = mem_strndup("ab", 0);
	assert_string_equal(p, "");
	free(p);
	/* Zero-byte requests still give a pointer the caller may free. */
	p = mem_alloc(0);
	assert_non_null(p);
	free(p);
	int *v = mem_calloc(100, sizeof *v);
	for (int i = 0; i < 100; i++)
		assert_int_equal(v[i], 0);
	v = mem_realloc(v, 1000 * sizeof *v);
	assert_int_equal(v[99], 0);
	v[999] = 7;
	assert_int_equal(v[999], 7);
	free(v);
}

static void test_arena_alignment(void **state)
{
	(void)state;
	arena *a = arena_new();
	for (size_t n = 0; n < 200; n++) {
		void *p = arena_alloc(a, n % 37);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
	}
	/* Large blocks are aligned too. */
	for (size_t n = 3000; n < 70000; n += 9001) {
		void *p = arena_alloc(a, n);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
	}
	arena_free(a);
}

/* Many allocations of mixed sizes, each filled with its own byte: if any two
 * overlapped, a later fill would overwrite an earlier one. */
static void test_arena_no_overlap(void **state)
{
	(void)state;
	enum { N = 3000 };
	arena *a = arena_new();
	unsigned char *p[N];
	size_t len[N];
	for (int i = 0; i < N; i++) {
		/* Mostly small, every 50th far beyond one block (8 KiB or so). */
		len[i] = i % 50 == 49 ? 20000 + (size_t)i : 1 + (size_t)(i * 7) % 300;
		p[i] = arena_alloc(a, len[i]);
		memset(p[i], i & 0xff, len[i]);
	}
	for (int i = 0; i < N; i++)
		for (size_t k = 0; k < len[i]; k++)
			if (p[i][k] != (unsigned char)(i & 0xff))
				fail_msg("allocation %d byte %zu overwritten", i, k);
	arena_free(a);
}

/* Small allocations keep working after a large one, and the large block is
 * wholly writable (AddressSanitizer checks the bounds). */
static void test_arena_large_blocks(void **state)
{
	(void)state;
	arena *a = arena_new();
	char *small1 = arena_strdup(a, "before");
	size_t big_n = 1 << 20;
	unsigned char *big = arena_alloc(a, big_n);
	memset(big, 0xAB, big_n);
	char *small2 = arena_strdup(a, "after");
	unsigned char *big2 = arena_zalloc(a, 3 * big_n);
	for (size_t i = 0; i < 3 * big_n; i += 4093)
		assert_int_equal(big2[i], 0);
	assert_int_equal(big2[3 * big_n - 1], 0);
	assert_string_equal(small1, "before");
	assert_string_equal(small2, "after");
	assert_int_equal(big[0], 0xAB);
	assert_int_equal(big[big_n - 1], 0xAB);
	arena_free(a);
}

static void test_arena_strings(void **state)
{
	(void)state;
	arena *a = arena_new();
	assert_null(arena_strdup(a, NULL));
	assert_null(arena_strndup(a, NULL, 4));
	assert_string_equal(arena_strdup(a, ""), "");
	assert_string_equal(arena_strndup(a, "abcdef", 4), "abcd");
	assert_string_equal(arena_printf(a, "%s-%d-%05.1f", "x", -42, 2.5), "x--42-002.5");
	/* Output larger than one arena block. */
	char *big = mem_alloc(20001);
	memset(big, 'q', 20000);
	big[20000] = 0;
	char *p = arena_printf(a, "<%s>", big);
	assert_int_equal(strlen(p), 20002);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[20001], '>');
	assert_int_equal(p[10000], 'q');
	free(big);
	unsigned char *z = arena_zalloc(a, 100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	arena_free(a);
	arena_free(NULL); /* accepted */
}

static int order[8];
static int norder;

static void record(void *arg)
{
	order[norder++] = *(int *)arg;
}

static void test_arena_defer_order(void **state)
{
	(void)state;
	static int one = 1, two = 2, three = 3;
	norder = 0;
	arena *a = arena_new();
	arena_defer(a, record, &one);
	arena_alloc(a, 50000); /* blocks before and after the registrations */
	arena_defer(a, record, &two);
	arena_defer(a, record, &three);
	assert_int_equal(norder, 0); /* nothing runs before arena_free */
	arena_free(a);
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 1);
}

/* A deferred function may read memory of the arena itself (the arena frees
 * its blocks after running them) and may free heap objects it owns: the
 * leak checker of the sanitizer build fails the test if it did not run. */
static char seen[32];

static void copy_arena_string(void *arg)
{
	snprintf(seen, sizeof seen, "%s", (const char *)arg);
}

static void test_arena_defer_owns(void **state)
{
	(void)state;
	arena *a = arena_new();
	char *s = arena_strdup(a, "still alive");
	arena_defer(a, copy_arena_string, s);
	arena_defer(a, free, mem_strdup("heap object released by the arena"));
	seen[0] = 0;
	arena_free(a);
	assert_string_equal(seen, "still alive");
}

/* Runs fn in a child process; true when the child ended abnormally (killed
 * by a signal such as abort's SIGABRT, or a non-zero exit as a sanitizer's
 * allocator gives), false when fn returned normally. */
static bool dies(void (*fn)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stderr); /* the expected "out of memory" message */
		fn();
		_exit(0);
	}
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) != 0);
}

static void huge_mem_alloc(void)
{
	volatile size_t n = SIZE_MAX - 8;
	char *p = mem_alloc(n);
	p[0] = 1;
}

static void huge_arena_alloc(void)
{
	arena *a = arena_new();
	volatile size_t n = SIZE_MAX - 8;
	char *p = arena_alloc(a, n);
	p[0] = 1;
}

/* mem.h: allocation never returns less than asked for; an impossible size
 * is an allocation failure, which aborts with a message. */
static void test_impossible_sizes_abort(void **state)
{
	(void)state;
	assert_true(dies(huge_mem_alloc));
	assert_true(dies(huge_arena_alloc));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mem_strdup),
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_no_overlap),
		cmocka_unit_test(test_arena_large_blocks),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_arena_defer_order),
		cmocka_unit_test(test_arena_defer_owns),
		cmocka_unit_test(test_impossible_sizes_abort),
	};
	return cmocka_run_group_tests_name("mem", tests, NULL, NULL);
}
