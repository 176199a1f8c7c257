/*
 * csv.c — the CSV reader (see csv.h for what is accepted and refused).
 *
 * One pass over the bytes, one field at a time: an unquoted field is a
 * slice copied as is; a quoted field is scanned to its closing quote
 * first, then copied with each doubled quote collapsed. Line numbers count
 * physical lines (CRLF, LF and a lone CR each end one), so an error inside
 * a quoted field that spans lines names the line where it happens, and a
 * field still open at the end names the line where its quote opened.
 */
#include "csv.h"

#include <assert.h>
#include <string.h>

#include "../core/text.h"

void csv_init(csv_reader *r, const char *data, size_t len)
{
	memset(r, 0, sizeof *r);
	r->data = data;
	r->len = len;
	r->delim = ',';
	r->max_fields = 10000;
	r->line = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
}

static csv_rc fail(csv_reader *r, long line, const char *why)
{
	r->error = why;
	r->error_line = line;
	return CSV_ERROR;
}

/* If a line end starts at pos, consumes it (CRLF as one) and counts the
 * line; true if it did. */
static bool eat_line_end(csv_reader *r)
{
	if (r->pos >= r->len)
		return false;
	char c = r->data[r->pos];
	if (c == '\n') {
		r->pos++;
	} else if (c == '\r') {
		r->pos++;
		if (r->pos < r->len && r->data[r->pos] == '\n')
			r->pos++;
	} else {
		return false;
	}
	r->line++;
	return true;
}

/* Reads one quoted field starting at the opening quote; *out gets an
 * arena copy. */
static csv_rc read_quoted(csv_reader *r, arena *a, char **out, size_t *outlen)
{
	long open_line = r->line;
	size_t start = ++r->pos, n = 0, i = start;
	/* first pass: find the closing quote, count the bytes and lines */
	for (;;) {
		if (i >= r->len)
			return fail(r, open_line, "a quoted field is not closed before the end of the text");
		char c = r->data[i];
		if (c == '"') {
			if (i + 1 < r->len && r->data[i + 1] == '"') {
				i += 2;
				n++;
				continue;
			}
			break;
		}
		if (c == '\0')
			return fail(r, r->line, "a NUL byte");
		if (c == '\n' || (c == '\r' && !(i + 1 < r->len && r->data[i + 1] == '\n')))
			r->line++;
		i++;
		n++;
	}
	char *s = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t j = start; j < i; j++) {
		s[k++] = r->data[j];
		if (r->data[j] == '"')
			j++;	/* the second of a doubled quote */
	}
	s[k] = 0;
	r->pos = i + 1;
	if (r->pos < r->len) {
		char c = r->data[r->pos];
		if (c != r->delim && c != '\n' && c != '\r')
			return fail(r, r->line, "text after the closing quote of a field");
	}
	*out = s;
	*outlen = n;
	return CSV_RECORD;
}

/* Reads one unquoted field: up to a delimiter, a line end or the end. */
static csv_rc read_plain(csv_reader *r, arena *a, char **out, size_t *outlen)
{
	size_t start = r->pos, i = start;
	while (i < r->len) {
		char c = r->data[i];
		if (c == r->delim || c == '\n' || c == '\r')
			break;
		if (c == '"')
			return fail(r, r->line, "a quote inside an unquoted field (quote the whole "
						"field and double the quote)");
		if (c == '\0')
			return fail(r, r->line, "a NUL byte");
		i++;
	}
	*out = arena_strndup(a, r->data + start, i - start);
	*outlen = i - start;
	r->pos = i;
	return CSV_RECORD;
}

csv_rc csv_next(csv_reader *r, arena *a, csv_record *rec)
{
	memset(rec, 0, sizeof *rec);
	assert(r->delim != '"' && r->delim != '\n' && r->delim != '\r' && r->delim != '\0');
	if (r->error)
		return CSV_ERROR;
	while (eat_line_end(r))
		;	/* empty lines */
	if (r->pos >= r->len)
		return CSV_END;
	rec->line = r->line;
	size_t cap = 8;
	char **fields = arena_alloc(a, cap * sizeof *fields);
	bool *quoted = arena_alloc(a, cap * sizeof *quoted);
	size_t n = 0;
	for (;;) {
		if (n == r->max_fields)
			return fail(r, r->line, "too many fields in one record");
		if (n == cap) {
			/* doubling in the arena: the old arrays stay until it is freed */
			char **nf = arena_alloc(a, 2 * cap * sizeof *nf);
			bool *nq = arena_alloc(a, 2 * cap * sizeof *nq);
			memcpy(nf, fields, cap * sizeof *nf);
			memcpy(nq, quoted, cap * sizeof *nq);
			fields = nf;
			quoted = nq;
			cap *= 2;
		}
		char *text;
		size_t len;
		long field_line = r->line;
		bool q = r->pos < r->len && r->data[r->pos] == '"';
		if ((q ? read_quoted(r, a, &text, &len) : read_plain(r, a, &text, &len)) != CSV_RECORD)
			return CSV_ERROR;
		if (!text_utf8_valid(text, len))
			return fail(r, field_line, "text that is not valid UTF-8");
		fields[n] = text;
		quoted[n] = q;
		n++;
		if (r->pos < r->len && r->data[r->pos] == r->delim) {
			r->pos++;
			continue;
		}
		eat_line_end(r);	/* or the end of the text */
		break;
	}
	rec->field = fields;
	rec->quoted = quoted;
	rec->nfields = n;
	return CSV_RECORD;
}
