/*
 * ballotfile.h — reading ranked ballots from the files elections publish,
 * and writing them back in PrefLib's format: Debian's tally sheets and
 * PrefLib's .soc .soi .toc .toi and .cat files. Pure: the file is a buffer
 * in memory, the result lives in the caller's arena; no I/O.
 *
 * The format is found from the content, never from a file name:
 *   - first non-blank line starts with '#': PrefLib with a metadata header
 *     ("# ALTERNATIVE NAME 1: Bdale Garbee", "# NUMBER ALTERNATIVES: 4",
 *     "# DATA TYPE: soi"...), preferences "COUNT: 3,1,{2,4}";
 *   - first non-blank line is a bare number: PrefLib's older numeric
 *     header (the number of alternatives, "1,Name" lines, then
 *     "VOTERS,SUM OF COUNTS,UNIQUE ORDERS"), preferences "COUNT,3,1,{2,4}";
 *   - otherwise, a Debian tally sheet: "Option 1--->: Name" lines (after
 *     any of " |/" drawing the columns) and one "V: 21-3   HASH" line per
 *     voter; any other line (the sheet's preamble) is skipped.
 * Not for: CSV (the CLI and the seminar export write it themselves), or
 * PrefLib's .wmd and .dat files.
 */
#ifndef FAB_BALLOTFILE_H
#define FAB_BALLOTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/mem.h"
#include "tally.h"

/* Largest number of candidates (alternatives) a file may declare, and
 * largest rows × candidates it may hold (bounds the memory a file can make
 * us allocate: 2^27 cells are 256 MB of ranks). */
#define BALLOTFILE_MAX_CAND 1000
#define BALLOTFILE_MAX_CELLS ((size_t)1 << 27)

typedef enum {
	BALLOTFILE_DEBIAN,	/* a Debian tally sheet */
	BALLOTFILE_SOC,		/* PrefLib strict orders, complete */
	BALLOTFILE_SOI,		/* strict orders, incomplete */
	BALLOTFILE_TOC,		/* orders with ties, complete */
	BALLOTFILE_TOI,		/* orders with ties, incomplete */
	BALLOTFILE_CAT,		/* categorical preferences */
} ballotfile_format;

/* A file read. For ordinal formats the format is what the preferences
 * actually hold (ties or not, every alternative ordered or not), whatever
 * "# DATA TYPE" says; CAT is recognised by its header ("# DATA TYPE: cat",
 * "# NUMBER CATEGORIES" or "# CATEGORY NAME" lines).
 *
 * ballots.v holds ranks for tally_run's ranked methods: 1 = preferred,
 * equal values are ties, 0 = unranked.
 *   - Debian: one row per "V:" line, weight NULL. Marks '1'-'9' are ranks
 *     1-9, letters 'A'-'Z' (either case) ranks 10-35 for sheets of more than
 *     nine options, '-' unranked. Each row's ranks are then made dense
 *     (the distinct ranks used renumbered 1..m in order: "31323735" becomes
 *     3,1,3,2,3,5,3,4), which changes no pairwise preference.
 *   - PrefLib ordinal: one row per line, weight = its count; the k-th
 *     element of the order (an alternative, or a {group} of tied ones) has
 *     rank k; alternatives absent from the line are unranked.
 *   - CAT: the value is the category number (1 = the first category, by
 *     PrefLib's convention the most preferred, e.g. "Yes" before "No"),
 *     not made dense, so it can be mapped to approvals or grades; 0 for an
 *     alternative in no category.
 * Names are UTF-8: a name that is not valid UTF-8 is read as Latin-1 (the
 * 2007 Debian sheet is), and ASCII control characters become spaces. Names
 * are trimmed, non-empty and distinct; an alternative PrefLib declares
 * (NUMBER ALTERNATIVES) but does not name is named by its number. */
typedef struct ballotfile {
	ballotfile_format format;
	bool numeric_header;	/* PrefLib with the older numeric header */
	const char *title;	/* PrefLib "# TITLE", or NULL */
	int ncand;
	const char **names;	/* ncand names */
	int ncat;		/* CAT: number of categories; 0 otherwise */
	const char **categories; /* CAT: ncat names, the first one best */
	tally_ballots ballots;	/* ncand columns; v and weight owned by the arena */
} ballotfile;

/* Where and why a file was refused. line is 1-based (0 when the problem is
 * not on one line, e.g. an empty file); msg is an English sentence without
 * the line number, e.g. "vote has 3 marks for 4 options". */
typedef struct ballotfile_error {
	int line;
	char msg[256];
} ballotfile_error;

/* Reads data[0..len) (need not be NUL-terminated). Returns the file, every
 * part of it allocated from a (freed with the arena), or NULL with *err
 * filled. Refuses: NUL bytes, an unknown layout, malformed lines, an
 * alternative out of range or repeated on one line, an empty tie group in
 * an ordinal order, more categories on a line than declared, counts of 0
 * or above 2^32-1, a NUMBER VOTERS (or the numeric header's sum of counts)
 * that the counts do not add up to, duplicate names, more than
 * BALLOTFILE_MAX_CAND alternatives or BALLOTFILE_MAX_CELLS cells, a file
 * without any alternative. A file without any ballot is accepted. */
ballotfile *ballotfile_parse(arena *a, const char *data, size_t len, ballotfile_error *err);

/* "debian", "soc", "soi", "toc", "toi", "cat"; NULL for an unknown value. */
const char *ballotfile_format_name(ballotfile_format f);

/* Appends to out a PrefLib file (new-style metadata header) holding
 * ballots b of ncand candidates named names[] (values as for ranked
 * methods: 1 preferred, ties equal, <= 0 unranked; ranks need not be
 * dense). Identical orders are merged into one line with the summed
 * weight, lines sorted by count, largest first (then by order), as
 * PrefLib requires. The type is the most restrictive that fits: SOC, SOI,
 * TOC or TOI, and is returned. title and date (YYYY-MM-DD, for PUBLICATION
 * and MODIFICATION DATE) may be NULL: the fields are then left blank. A
 * ballot ranking nobody is written as "COUNT:" with an empty order, which
 * PrefLib's own files never contain but ballotfile_parse reads back.
 * Newlines in names and title are written as spaces. Reads b only. */
ballotfile_format ballotfile_write_preflib(buf *out, const char *title, const char *date, int ncand,
					   const char *const *names, const tally_ballots *b);

#endif
