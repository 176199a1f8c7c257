/*
 * buf.h — a growable byte buffer on the heap.
 *
 * Used for response bodies (handed to libmicrohttpd, which frees them) and
 * for building strings whose final size is unknown. Not an HTML writer: HTML
 * goes through html.h, which escapes by default.
 */
#ifndef FAB_BUF_H
#define FAB_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *data; /* always NUL-terminated when len > 0 or after buf_cstr */
	size_t len, cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

/* Makes room for n more bytes. */
void buf_reserve(buf *b, size_t n);
void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);

/* Returns the contents as a C string (never NULL); still owned by b. */
const char *buf_cstr(buf *b);

/* Hands the storage to the caller (who frees it with free()) and empties b. */
char *buf_detach(buf *b, size_t *len);

void buf_reset(buf *b);
void buf_free(buf *b);

#endif
