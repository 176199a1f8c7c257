/* html.c — the escape-by-default writer; see html.h. */
#include "html.h"

#include <cmark.h>
#include <stdlib.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_textn(buf *b, const char *s, size_t n)
{
	if (!s)
		return;
	buf_reserve(b, n + n / 8);
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

void html_text(buf *b, const char *s)
{
	if (s)
		html_textn(b, s, strlen(s));
}

void html_raw_literal_(buf *b, const char *literal)
{
	buf_puts(b, literal);
}

void html_raw_trusted(buf *b, const char *fragment)
{
	if (fragment)
		buf_puts(b, fragment);
}

void html_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_puts(b, p);
			break;
		}
		buf_append(b, p, (size_t)(pct - p));
		p = pct + 1;
		char tmp[32];
		if (*p == 's') {
			html_text(b, va_arg(ap, const char *));
			p++;
		} else if (*p == '%') {
			buf_putc(b, '%');
			p++;
		} else if (*p == 'd' || *p == 'i') {
			snprintf(tmp, sizeof tmp, "%d", va_arg(ap, int));
			buf_puts(b, tmp);
			p++;
		} else if (*p == 'u') {
			snprintf(tmp, sizeof tmp, "%u", va_arg(ap, unsigned));
			buf_puts(b, tmp);
			p++;
		} else if (p[0] == 'z' && p[1] == 'u') {
			snprintf(tmp, sizeof tmp, "%zu", va_arg(ap, size_t));
			buf_puts(b, tmp);
			p += 2;
		} else if (p[0] == 'l' && p[1] == 'l' && (p[2] == 'd' || p[2] == 'i')) {
			snprintf(tmp, sizeof tmp, "%lld", va_arg(ap, long long));
			buf_puts(b, tmp);
			p += 3;
		} else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'u') {
			snprintf(tmp, sizeof tmp, "%llu", va_arg(ap, unsigned long long));
			buf_puts(b, tmp);
			p += 3;
		} else if (p[0] == 'l' && (p[1] == 'd' || p[1] == 'i')) {
			snprintf(tmp, sizeof tmp, "%ld", va_arg(ap, long));
			buf_puts(b, tmp);
			p += 2;
		} else if (p[0] == 'l' && p[1] == 'u') {
			snprintf(tmp, sizeof tmp, "%lu", va_arg(ap, unsigned long));
			buf_puts(b, tmp);
			p += 2;
		} else if (*p == 'c') {
			char ch = (char)va_arg(ap, int);
			html_textn(b, &ch, 1);
			p++;
		} else {
			/* Unsupported conversion: a programming error. Its
			 * argument's type is unknown, so nothing after it can be
			 * read safely: mark it visibly for the tests and stop. */
			buf_puts(b, "%?");
			break;
		}
	}
	va_end(ap);
}

void html_markdown(buf *b, const char *md)
{
	if (!md || !*md)
		return;
	/* CMARK_OPT_SAFE is the default since cmark 0.29; it is named anyway so
	 * that an older library behaves the same. */
	char *h = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT | CMARK_OPT_SAFE);
	buf_puts(b, h);
	free(h);
}
