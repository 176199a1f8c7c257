/*
 * text.h — byte-level string helpers shared by every layer: UTF-8 validation,
 * hex and base64url encodings, trimming, and constant-time comparison.
 * Pure functions, no allocation unless the name says so.
 */
#ifndef FAB_TEXT_H
#define FAB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem.h"

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF) and contains no NUL byte. */
bool text_utf8_valid(const char *s, size_t n);

/* Number of code points in a valid UTF-8 string. */
size_t text_utf8_len(const char *s);

/* Lower-case hex of n bytes into out, which must hold 2n+1 bytes. */
void text_hex(const unsigned char *p, size_t n, char *out);

/* base64url without padding of n bytes into out (at least 4*ceil(n/3)+1). */
void text_b64url(const unsigned char *p, size_t n, char *out);

/* Returns a copy of s without leading and trailing ASCII white space, owned
 * by the arena. NULL gives NULL. */
char *text_trim(arena *a, const char *s);

/* Returns a copy of s with ASCII letters lower-cased, owned by the arena. */
char *text_lower(arena *a, const char *s);

/* Percent-encodes every byte of s except unreserved characters and '/'
 * (RFC 3986), for a path carried in a query parameter. Arena copy. */
char *text_urlencode(arena *a, const char *s);

/* Compares two strings in time that depends only on their lengths. */
bool text_equal_ct(const char *a, const char *b);

/* Parses a decimal int64 occupying the whole string; false on anything else. */
bool text_parse_i64(const char *s, int64_t *out);

#endif
