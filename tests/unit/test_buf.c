/* test_buf.c — the growable byte buffer (buf.h). */
#include "unit.h"

#include "core/buf.h"

static void test_buf_empty(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	assert_int_equal(b.len, 0);
	const char *s = buf_cstr(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void test_buf_append(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	buf_puts(&b, "hello");
	buf_putc(&b, ',');
	buf_putc(&b, ' ');
	buf_append(&b, "world!!!", 5);
	assert_int_equal(b.len, 12);
	assert_string_equal(buf_cstr(&b), "hello, world");
	/* Binary data with a NUL inside counts every byte. */
	buf_append(&b, "\0x", 2);
	assert_int_equal(b.len, 14);
	assert_memory_equal(b.data, "hello, world\0x", 15);
	buf_free(&b);
}

static void test_buf_growth(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	assert_int_equal(b.data[10000], 0);
	buf_reserve(&b, 100000);
	assert_true(b.cap >= b.len + 100000 + 1);
	assert_int_equal(b.len, 10000);
	buf_free(&b);
}

static void test_buf_printf(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	buf_printf(&b, "%d|%s|%05d|%x|%%", -7, "ab", 42, 255u);
	assert_string_equal(buf_cstr(&b), "-7|ab|00042|ff|%");
	/* Output longer than the first reservation and than the initial capacity. */
	char big[1001];
	memset(big, 'z', 1000);
	big[1000] = 0;
	buf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, 16 + 1002); /* "-7|ab|00042|ff|%" is 16 bytes */
	assert_int_equal(b.data[16], '[');
	assert_int_equal(b.data[16 + 1001], ']');
	assert_int_equal(b.data[b.len], 0);
	/* Appending many formatted pieces. */
	buf_reset(&b);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%03d,", i);
	assert_int_equal(b.len, 4000);
	assert_memory_equal(b.data, "000,001,002,", 12);
	assert_memory_equal(b.data + 3996, "999,", 4);
	buf_free(&b);
}

static void test_buf_detach_reset(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	buf_puts(&b, "payload");
	size_t len = 0;
	char *p = buf_detach(&b, &len);
	assert_int_equal(len, 7);
	assert_string_equal(p, "payload");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(p);
	/* Detaching an empty buffer gives an empty string the caller frees. */
	p = buf_detach(&b, NULL);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);

	buf_puts(&b, "abc");
	size_t cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_string_equal(buf_cstr(&b), "");
	buf_puts(&b, "de");
	assert_string_equal(buf_cstr(&b), "de");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_empty),
		cmocka_unit_test(test_buf_append),
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test(test_buf_printf),
		cmocka_unit_test(test_buf_detach_reset),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
