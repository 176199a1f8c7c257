/* static.c — the stylesheet and icons compiled into the binary, served with
 * a strong ETag and a year of cache: page links carry the ETag in the URL, so
 * a new stylesheet is a new URL. */
#include "pages.h"
#include "../core/assets.h"

#include <microhttpd.h>
#include <string.h>

static void serve_asset(http_req *r, const char *name)
{
	const asset *a = assets_get(name);
	const char *type = NULL;
	if (a) {
		const char *dot = strrchr(name, '.');
		if (dot && strcmp(dot, ".css") == 0)
			type = "text/css; charset=utf-8";
		else if (dot && strcmp(dot, ".svg") == 0)
			type = "image/svg+xml";
		else if (dot && strcmp(dot, ".js") == 0)
			type = "text/javascript; charset=utf-8";
	}
	if (!a || !type) {
		http_fail(r, 404, T(r, "There is no page at this address."));
		return;
	}
	http_set_header(r, "ETag", a->etag);
	http_set_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	const char *inm = http_header_in(r, "If-None-Match");
	r->content_type = type;
	if (inm && (strstr(inm, a->etag) || strcmp(inm, "*") == 0)) {
		r->status = 304;
		return;
	}
	buf_append(&r->out, a->data, a->len);
}

/* GET /static/{name} */
void page_static(http_req *r)
{
	serve_asset(r, r->param[0]);
}

/* GET /favicon.ico: browsers ask for it whatever the page says. */
void page_favicon(http_req *r)
{
	serve_asset(r, "icon.svg");
}
