/*
 * http.h — the request as handlers see it, and the server that runs them.
 *
 * The server is libmicrohttpd in its epoll thread-pool mode. Each request
 * gets an arena (r->pool) freed when the request ends, the calling thread's
 * database connection, the signed-in user if any, its language, and, for
 * unsafe methods, one database transaction that commits when the handler
 * answers below 400 and rolls back otherwise, before the answer is sent.
 */
#ifndef FAB_HTTP_H
#define FAB_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/i18n.h"
#include "../core/mem.h"
#include "../store/store.h"
#include "router.h"

struct MHD_Connection;
struct sse_client;

typedef struct http_field {
	const char *name, *value;
} http_field;

typedef struct http_header {
	const char *name, *value;
	struct http_header *next;
} http_header;

typedef struct http_req {
	arena *pool;			/* freed when the request ends */
	struct MHD_Connection *conn;
	const char *method, *path, *version;
	char id[20];			/* request id, shown on error pages and logged */
	const char *ip;			/* client address (the proxy's view when trusted) */
	bool secure;			/* came over TLS */
	i18n_lang lang;
	bool is_api;			/* route answers JSON */
	store *db;			/* this thread's connection */
	int64_t now;			/* Unix time at the start of the request */

	store_user *user;		/* NULL when anonymous */
	const char *session_hash;	/* hash of the session token when logged in by cookie */
	bool via_token;			/* authenticated by a bearer token */
	const char *csrf;		/* the CSRF token forms must carry */

	const char *param[ROUTER_MAX_PARAMS]; /* {placeholders} of the route */

	const char *body;		/* raw request body, NUL-terminated */
	size_t body_len;
	http_field *fields;		/* form fields, in order */
	size_t nfields;

	/* The answer. */
	int status;
	buf out;
	const char *content_type;
	http_header *headers;
	const char *flash;		/* message to show once (set by redirects) */
	struct sse_client *stream;	/* set by handlers that answer with a stream */
	struct http_event *events;	/* published once the request's changes are saved */
} http_req;

/* Translation of msgid in the request's language. */
#define T(r, msgid) i18n_get((r)->lang, (msgid))

/* Plural-aware translation of singular/plural for count n. */
#define TN(r, singular, plural, n) i18n_nget((r)->lang, (singular), (plural), (n))

/* Request inputs; NULL when absent. Header names are case-insensitive. */
const char *http_header_in(http_req *r, const char *name);
const char *http_cookie(http_req *r, const char *name);
const char *http_query(http_req *r, const char *name);
/* Form field (application/x-www-form-urlencoded or multipart/form-data). */
const char *http_form(http_req *r, const char *name);

/* Answer helpers. Strings are copied into the request's pool. */
void http_set_header(http_req *r, const char *name, const char *value);
/* max_age < 0 deletes the cookie; 0 makes a session cookie. Cookies are
 * HttpOnly, SameSite=Lax, Path=/, and Secure when the request came over TLS. */
void http_set_cookie(http_req *r, const char *name, const char *value, int64_t max_age);
/* 303 See Other to a local path; flash_msgid (English msgid or NULL) is shown
 * once on the next page. */
void http_redirect(http_req *r, const char *path, const char *flash_msgid);
/* Answers with an error: a JSON body on API routes, an HTML page otherwise.
 * message is already translated. */
void http_fail(http_req *r, int status, const char *message);

/* Replaces the answer's body with len bytes of data (copied) of the given
 * content type: files for download, never HTML. */
void http_body(http_req *r, const char *content_type, const char *data, size_t len);

/* Queues a Server-Sent Event (sse_publish) to go out once the request's
 * work is saved: after its transaction commits, or after the handler
 * returns when it has none. Listeners act on an event by reading again, so
 * announcing a change before the commit would show them the old state; an
 * event of a request that fails (4xx, 5xx, failed commit) is dropped.
 * topic, event and data must live as long as the request (arena). */
void http_publish_after_commit(http_req *r, const char *topic, const char *event, const char *data);
/* Queues fn(arg) on the same terms: called once the request's work is
 * saved, never for a failed request. For work that must see the change
 * (waking the opinion map's worker); fn must not block. */
void http_after_commit(http_req *r, void (*fn)(int64_t), int64_t arg);

typedef struct http_options {
	const char *listen;		/* "HOST:PORT" */
	unsigned threads;
	size_t max_body, max_header;	/* request body; request line and headers */
	unsigned timeout;		/* seconds */
	unsigned max_connections;
	bool trust_proxy;
	int64_t session_days;
	const route *routes;
	size_t nroutes;
} http_options;

/* Runs the server until SIGINT or SIGTERM, then stops accepting, lets
 * in-flight requests finish and returns 0. Returns -1 with a message on
 * stderr when it cannot start. */
int http_serve(const http_options *opt);

/* The options of the running server (for handlers that need limits). */
const http_options *http_current_options(void);

#endif
