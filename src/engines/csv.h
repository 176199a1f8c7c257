/*
 * csv.h — a careful reader of CSV text (RFC 4180 and what spreadsheets and
 * Pol.is actually write). Pure: it reads from memory, never from a file.
 *
 * What it accepts, exactly:
 *   - records end with CRLF, LF or a lone CR; the last one may end without;
 *   - fields are separated by the delimiter (',' unless set otherwise);
 *   - a field that starts with '"' is quoted: it runs to the next '"' that
 *     is not doubled, may hold delimiters, line breaks and '""' (one '"'),
 *     and must be followed by a delimiter or the end of the record;
 *   - a UTF-8 byte order mark at the very start is skipped;
 *   - empty lines (nothing between two line ends) are skipped, so a file's
 *     final line break or a blank line between records adds no record;
 *     a line holding only spaces is a record of one field.
 * What it refuses (CSV_ERROR, with the line and a reason): a '"' inside an
 * unquoted field, anything but a delimiter or a line end after a closing
 * quote, a quoted field still open at the end of the text, a NUL byte,
 * text that is not UTF-8, and more than max_fields fields in a record.
 * Fields are returned as they are: no trimming, no number parsing.
 *
 * Not for: writing CSV (callers quote fields themselves), guessing the
 * delimiter, or other encodings.
 */
#ifndef FAB_CSV_H
#define FAB_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/mem.h"

typedef enum { CSV_ERROR = -1, CSV_END = 0, CSV_RECORD = 1 } csv_rc;

typedef struct csv_reader {
	const char *data;
	size_t len, pos;
	char delim;		/* ',' after csv_init; may be set to another byte
				 * (';', '\t'...) but not '"', CR, LF or NUL */
	size_t max_fields;	/* 10000 after csv_init */
	long line;		/* physical line (1-based) the reader is on */
	long error_line;	/* CSV_ERROR: line of the problem */
	const char *error;	/* CSV_ERROR: English reason, static */
} csv_reader;

typedef struct csv_record {
	char **field;		/* nfields NUL-terminated strings, arena-owned */
	bool *quoted;		/* whether each field was quoted */
	size_t nfields;		/* at least 1 */
	long line;		/* physical line on which the record starts */
} csv_record;

/* Prepares r to read data[0..len), which must outlive it. The text may
 * contain anything; it is checked as it is read. */
void csv_init(csv_reader *r, const char *data, size_t len);

/* Reads the next record into *rec, its strings allocated from a:
 * CSV_RECORD; CSV_END when the text is exhausted; CSV_ERROR with
 * r->error and r->error_line set, after which every call returns
 * CSV_ERROR again. */
csv_rc csv_next(csv_reader *r, arena *a, csv_record *rec);

#endif
