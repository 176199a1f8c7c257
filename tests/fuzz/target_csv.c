/* target_csv.c — csv_next on arbitrary bytes, with ',' or (when the first
 * byte is odd) ';' as the delimiter. Checks the contract of csv.h: every
 * record has at least one field; fields are valid UTF-8 without NUL and
 * contain no delimiter, quote or line end unless quoted; record lines
 * never go down nor past the text's line count; an error has a reason and
 * a line and stays. Then the records are written back, every field quoted
 * and every quote doubled, and read again: the same fields must come out. */
#include "fuzz.h"

#include <stdbool.h>

#include "core/text.h"
#include "engines/csv.h"

/* Records as read: fields stored in the arena, listed here. */
typedef struct seen {
	csv_record *rec;
	size_t n, cap;
} seen;

static csv_rc read_all(arena *a, const char *text, size_t len, char delim, seen *out)
{
	csv_reader r;
	csv_init(&r, text, len);
	r.delim = delim;
	out->n = 0;
	long last_line = 0, max_line = 1;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < len && text[i + 1] == '\n')))
			max_line++;
	csv_record rec;
	csv_rc rc;
	while ((rc = csv_next(&r, a, &rec)) == CSV_RECORD) {
		FUZZ_CHECK(rec.nfields >= 1 && rec.field && rec.quoted);
		FUZZ_CHECK(rec.line >= last_line && rec.line >= 1 && rec.line <= max_line);
		last_line = rec.line;
		for (size_t i = 0; i < rec.nfields; i++) {
			const char *f = rec.field[i];
			FUZZ_CHECK(f != NULL);
			FUZZ_CHECK(text_utf8_valid(f, strlen(f)));
			if (!rec.quoted[i])
				FUZZ_CHECK(!strchr(f, delim) && !strchr(f, '"') && !strchr(f, '\n') &&
					   !strchr(f, '\r'));
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 16;
			out->rec = realloc(out->rec, out->cap * sizeof *out->rec);
			FUZZ_CHECK(out->rec != NULL);
		}
		out->rec[out->n++] = rec;
	}
	if (rc == CSV_ERROR) {
		FUZZ_CHECK(r.error && *r.error);
		FUZZ_CHECK(r.error_line >= 1 && r.error_line <= max_line);
		FUZZ_CHECK(csv_next(&r, a, &rec) == CSV_ERROR);
	} else {
		FUZZ_CHECK(rc == CSV_END);
		FUZZ_CHECK(csv_next(&r, a, &rec) == CSV_END);
	}
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char delim = size && (data[0] & 1) ? ';' : ',';
	arena *a = arena_new();
	seen first = {0}, again = {0};
	read_all(a, (const char *)data, size, delim, &first);

	/* write back what was read, all quoted, CRLF line ends */
	size_t cap = 16;
	for (size_t i = 0; i < first.n; i++)
		for (size_t j = 0; j < first.rec[i].nfields; j++)
			cap += 2 * strlen(first.rec[i].field[j]) + 4;
	char *out = malloc(cap);
	FUZZ_CHECK(out != NULL);
	size_t len = 0;
	for (size_t i = 0; i < first.n; i++) {
		for (size_t j = 0; j < first.rec[i].nfields; j++) {
			if (j)
				out[len++] = delim;
			out[len++] = '"';
			for (const char *p = first.rec[i].field[j]; *p; p++) {
				if (*p == '"')
					out[len++] = '"';
				out[len++] = *p;
			}
			out[len++] = '"';
		}
		out[len++] = '\r';
		out[len++] = '\n';
	}
	FUZZ_CHECK(len <= cap);
	FUZZ_CHECK(read_all(a, out, len, delim, &again) == CSV_END);
	FUZZ_CHECK(again.n == first.n);
	for (size_t i = 0; i < first.n; i++) {
		FUZZ_CHECK(again.rec[i].nfields == first.rec[i].nfields);
		for (size_t j = 0; j < first.rec[i].nfields; j++)
			FUZZ_CHECK(strcmp(again.rec[i].field[j], first.rec[i].field[j]) == 0);
	}
	free(out);
	free(first.rec);
	free(again.rec);
	arena_free(a);
	return 0;
}
