/* test_csv.c — the CSV reader (csv.h): plain and quoted fields, doubled
 * quotes, line breaks inside quotes, CRLF, LF and lone CR, the byte order
 * mark, empty lines and empty fields, another delimiter, line numbers of
 * records and of errors, each refusal, and that an error stays. */
#include "unit.h"

#include "engines/csv.h"

/* Reads every record of text; the fields of record i joined by '|' in
 * out[i] (at most UNIT_LEN(out)); returns the final code. */
typedef struct parsed {
	char joined[16][256];
	long line[16];
	size_t n;
	csv_rc rc;
	long error_line;
	const char *error;
} parsed;

static void parse(const char *text, size_t len, char delim, parsed *p)
{
	arena *a = arena_new();
	csv_reader r;
	csv_init(&r, text, len);
	if (delim)
		r.delim = delim;
	memset(p, 0, sizeof *p);
	csv_record rec;
	while ((p->rc = csv_next(&r, a, &rec)) == CSV_RECORD) {
		assert_true(p->n < 16);
		assert_true(rec.nfields >= 1);
		char *o = p->joined[p->n];
		size_t cap = sizeof p->joined[p->n], len = 0;
		o[0] = 0;
		for (size_t i = 0; i < rec.nfields; i++) {
			len += (size_t)snprintf(o + len, cap - len, "%s%s%s", i ? "|" : "", rec.quoted[i] ? "q:" : "",
						rec.field[i]);
			assert_true(len < cap); /* the test's buffer holds every record */
		}
		p->line[p->n++] = rec.line;
	}
	p->error_line = r.error_line;
	p->error = r.error;
	if (p->rc == CSV_ERROR) {
		/* sticky */
		assert_int_equal(csv_next(&r, a, &rec), CSV_ERROR);
		assert_int_equal(rec.nfields, 0);
	}
	arena_free(a);
}

#define PARSE(text, p) parse(text, sizeof(text) - 1, 0, p)

static void test_plain(void **state)
{
	(void)state;
	parsed p;
	PARSE("participant,kind,A,B\nAlice,PME,1,2\nBob,,2,1\n", &p);
	assert_int_equal(p.rc, CSV_END);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.joined[0], "participant|kind|A|B");
	assert_string_equal(p.joined[1], "Alice|PME|1|2");
	assert_string_equal(p.joined[2], "Bob||2|1");
	assert_int_equal(p.line[2], 3);

	/* no final line end; empty and trailing fields */
	PARSE("a,,c\n,\nx", &p);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.joined[0], "a||c");
	assert_string_equal(p.joined[1], "|");
	assert_string_equal(p.joined[2], "x");

	/* spaces are kept; a line of spaces is a record */
	PARSE(" a , b \n   \n", &p);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.joined[0], " a | b ");
	assert_string_equal(p.joined[1], "   ");

	/* nothing at all */
	PARSE("", &p);
	assert_int_equal(p.rc, CSV_END);
	assert_int_equal(p.n, 0);
	PARSE("\n\r\n\r", &p);
	assert_int_equal(p.rc, CSV_END);
	assert_int_equal(p.n, 0);
}

static void test_line_ends(void **state)
{
	(void)state;
	parsed p;
	PARSE("a,b\r\nc,d\r\n", &p);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.joined[1], "c|d");
	assert_int_equal(p.line[1], 2);
	/* a lone CR ends a line too (old Mac spreadsheets) */
	PARSE("a\rb\rc", &p);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.line[2], 3);
	/* empty lines are skipped but counted */
	PARSE("a\n\n\r\n\nb\n", &p);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.joined[1], "b");
	assert_int_equal(p.line[1], 5);
}

static void test_quoted(void **state)
{
	(void)state;
	parsed p;
	PARSE("\"Dupont, Marie\",\"Il a dit \"\"oui\"\"\",\"\"\n", &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.joined[0], "q:Dupont, Marie|q:Il a dit \"oui\"|q:");
	/* line breaks inside quotes are kept as they are; lines still count */
	PARSE("\"one\r\ntwo\nthree\",x\nnext\n", &p);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.joined[0], "q:one\r\ntwo\nthree|x");
	assert_int_equal(p.line[0], 1);
	assert_int_equal(p.line[1], 4);
	/* a quoted empty field alone is a record, unlike an empty line */
	PARSE("\"\"\n\n\"\"\"\"\n", &p);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.joined[0], "q:");
	assert_string_equal(p.joined[1], "q:\"");
	/* UTF-8 in and out of quotes */
	PARSE("Orl\xc3\xa9" "ans,\"l\xe2\x80\x99\xc3\xa9t\xc3\xa9\"\n", &p);
	assert_string_equal(p.joined[0], "Orl\xc3\xa9" "ans|q:l\xe2\x80\x99\xc3\xa9t\xc3\xa9");
}

static void test_bom_and_delimiter(void **state)
{
	(void)state;
	parsed p;
	PARSE("\xEF\xBB\xBFparticipant,A\nx,1\n", &p);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.joined[0], "participant|A");
	PARSE("\xEF\xBB\xBF", &p);
	assert_int_equal(p.rc, CSV_END);
	assert_int_equal(p.n, 0);
	/* a BOM elsewhere is a character like any other */
	PARSE("a,\xEF\xBB\xBF" "b\n", &p);
	assert_string_equal(p.joined[0], "a|\xEF\xBB\xBF" "b");

	static const char semi[] = "a;\"b;c\";d,e\n";
	parse(semi, sizeof semi - 1, ';', &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.joined[0], "a|q:b;c|d,e");
	static const char tab[] = "a\tb\n";
	parse(tab, sizeof tab - 1, '\t', &p);
	assert_string_equal(p.joined[0], "a|b");
}

static void test_errors(void **state)
{
	(void)state;
	parsed p;
	PARSE("a,b\nc,d\"e\n", &p);
	assert_int_equal(p.rc, CSV_ERROR);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.error_line, 2);
	unit_assert_contains(p.error, "quote inside an unquoted field");

	PARSE("a\n\"b\"c,d\n", &p);
	assert_int_equal(p.rc, CSV_ERROR);
	assert_int_equal(p.error_line, 2);
	unit_assert_contains(p.error, "after the closing quote");
	PARSE("\"b\" ,d\n", &p);
	assert_int_equal(p.rc, CSV_ERROR);

	/* an unclosed quote is reported where it opened */
	PARSE("a\nb,\"never\nclosed\n\n", &p);
	assert_int_equal(p.rc, CSV_ERROR);
	assert_int_equal(p.error_line, 2);
	unit_assert_contains(p.error, "not closed");

	static const char nul[] = "a,b\nc\0d\n";
	parse(nul, sizeof nul - 1, 0, &p);
	assert_int_equal(p.rc, CSV_ERROR);
	assert_int_equal(p.error_line, 2);
	unit_assert_contains(p.error, "NUL");
	static const char qnul[] = "\"a\0\"\n";
	parse(qnul, sizeof qnul - 1, 0, &p);
	assert_int_equal(p.rc, CSV_ERROR);

	PARSE("ok\nLatin-1 caf\xe9\n", &p);
	assert_int_equal(p.rc, CSV_ERROR);
	assert_int_equal(p.error_line, 2);
	unit_assert_contains(p.error, "UTF-8");
	PARSE("\"\xed\xa0\x80\"", &p);	/* a surrogate */
	assert_int_equal(p.rc, CSV_ERROR);

	/* too many fields */
	arena *a = arena_new();
	csv_reader r;
	csv_record rec;
	static const char wide[] = "1,2,3\n1,2,3,4\n";
	csv_init(&r, wide, sizeof wide - 1);
	r.max_fields = 3;
	assert_int_equal(csv_next(&r, a, &rec), CSV_RECORD);
	assert_int_equal(rec.nfields, 3);
	assert_int_equal(csv_next(&r, a, &rec), CSV_ERROR);
	assert_int_equal(r.error_line, 2);
	unit_assert_contains(r.error, "too many fields");
	arena_free(a);
}

/* Many fields: the field array grows. */
static void test_wide(void **state)
{
	(void)state;
	char text[4000];
	size_t n = 0;
	for (int i = 0; i < 500; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s%d", i ? "," : "", i);
	arena *a = arena_new();
	csv_reader r;
	csv_record rec;
	csv_init(&r, text, n);
	assert_int_equal(csv_next(&r, a, &rec), CSV_RECORD);
	assert_int_equal(rec.nfields, 500);
	assert_string_equal(rec.field[0], "0");
	assert_string_equal(rec.field[499], "499");
	assert_int_equal(csv_next(&r, a, &rec), CSV_END);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_bom_and_delimiter),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_wide),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
