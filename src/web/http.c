/*
 * http.c — the HTTP server: libmicrohttpd plumbing, limits, authentication,
 * CSRF, the per-request transaction, security headers, the access log and
 * graceful shutdown. Handlers live in the *_pages.c and api/ files; this file
 * is what every request passes through.
 */
#include "http.h"
#include "html.h"
#include "layout.h"
#include "sse.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../domain/account.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const http_options *opts;
static atomic_int inflight;
static atomic_uint reqcounter;
static unsigned reqprefix;

#define CSP "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; " \
	    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

struct conn_ctx {
	http_req req;
	buf body;
	int too_large;
	int queued;
	size_t sent_bytes;
};

const http_options *http_current_options(void) { return opts; }

/* ---- inputs ---- */

const char *http_header_in(http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_query(http_req *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	if (v && !text_utf8_valid(v, strlen(v)))
		return NULL;
	return v;
}

const char *http_form(http_req *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return NULL;
}

/* ---- outputs ---- */

void http_set_header(http_req *r, const char *name, const char *value)
{
	http_header *h = arena_alloc(r->pool, sizeof *h);
	h->name = arena_strdup(r->pool, name);
	h->value = arena_strdup(r->pool, value);
	h->next = r->headers;
	r->headers = h;
}

void http_set_cookie(http_req *r, const char *name, const char *value, int64_t max_age)
{
	char *c;
	if (max_age < 0)
		c = arena_printf(r->pool, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", name,
				 r->secure ? "; Secure" : "");
	else if (max_age == 0)
		c = arena_printf(r->pool, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
				 r->secure ? "; Secure" : "");
	else
		c = arena_printf(r->pool, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Lax%s", name,
				 value, (long long)max_age, r->secure ? "; Secure" : "");
	http_set_header(r, MHD_HTTP_HEADER_SET_COOKIE, c);
}

struct http_event {
	const char *topic, *event, *data;	/* topic NULL: a call of fn(arg) */
	struct http_event *next;
	void (*fn)(int64_t);
	int64_t arg;
};

static void queue_event(http_req *r, struct http_event *e)
{
	struct http_event **tail = &r->events;
	while (*tail)
		tail = &(*tail)->next;
	*tail = e;
}

void http_after_commit(http_req *r, void (*fn)(int64_t), int64_t arg)
{
	struct http_event *e = arena_zalloc(r->pool, sizeof *e);
	e->fn = fn;
	e->arg = arg;
	queue_event(r, e);
}

void http_publish_after_commit(http_req *r, const char *topic, const char *event, const char *data)
{
	struct http_event *e = arena_zalloc(r->pool, sizeof *e);
	e->topic = topic;
	e->event = event;
	e->data = data;
	queue_event(r, e);
}

void http_body(http_req *r, const char *content_type, const char *data, size_t len)
{
	buf_reset(&r->out);
	buf_append(&r->out, data, len);
	r->content_type = content_type;
}

void http_redirect(http_req *r, const char *path, const char *flash)
{
	/* Only local paths: never let a "next" parameter send people away,
	 * nor smuggle a header in with a line break. */
	if (!path || path[0] != '/' || path[1] == '/' || path[1] == '\\')
		path = "/";
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			path = "/";
	/* Spaces and non-ASCII bytes are not allowed raw in a URI. */
	static const char hex[] = "0123456789ABCDEF";
	buf loc = BUF_INIT;
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c >= 0x7f || c == '"') {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(&loc, e, 3);
		} else {
			buf_putc(&loc, (char)c);
		}
	}
	path = arena_strdup(r->pool, buf_cstr(&loc));
	buf_free(&loc);
	r->status = 303;
	http_set_header(r, MHD_HTTP_HEADER_LOCATION, path);
	if (flash)
		http_set_cookie(r, "fab_flash", flash, 0);
	buf_reset(&r->out);
}

void http_fail(http_req *r, int status, const char *message)
{
	r->status = status;
	buf_reset(&r->out);
	r->stream = NULL;
	if (r->is_api) {
		const char *code;
		switch (status) {
		case 400: code = "bad_request"; break;
		case 401: code = "unauthorized"; break;
		case 403: code = "forbidden"; break;
		case 404: code = "not_found"; break;
		case 405: code = "method_not_allowed"; break;
		case 409: code = "conflict"; break;
		case 413: code = "payload_too_large"; break;
		case 415: code = "unsupported_media_type"; break;
		case 422: code = "invalid"; break;
		case 429: code = "too_many_requests"; break;
		case 431: code = "headers_too_large"; break;
		case 503: code = "unavailable"; break;
		default: code = status >= 500 ? "internal_error" : "error"; break;
		}
		json_t *j = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", code, "message", message,
				      "request_id", r->id);
		char *s = json_dumps(j, JSON_COMPACT);
		buf_puts(&r->out, s);
		buf_putc(&r->out, '\n');
		free(s);
		json_decref(j);
		r->content_type = "application/json";
		return;
	}
	r->content_type = "text/html; charset=utf-8";
	page_error(r, status, message);
}

/* ---- request set-up ---- */

static void fill_ip(http_req *r)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN] = "-";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip, sizeof ip);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip, sizeof ip);
	}
	r->ip = arena_strdup(r->pool, ip);
	if (opts->trust_proxy) {
		const char *xff = http_header_in(r, "X-Forwarded-For");
		if (xff && *xff) {
			/* The right-most entry is the one our proxy appended. */
			const char *last = strrchr(xff, ',');
			r->ip = text_trim(r->pool, last ? last + 1 : xff);
		}
		const char *proto = http_header_in(r, "X-Forwarded-Proto");
		r->secure = proto && strcasecmp(proto, "https") == 0;
	}
}

static void pick_language(http_req *r)
{
	int l = i18n_parse(http_cookie(r, "fab_lang"));
	r->lang = l >= 0 ? (i18n_lang)l : i18n_negotiate(http_header_in(r, "Accept-Language"));
}

struct form_ctx {
	http_req *r;
	size_t cap;
	int bad_utf8;
};

static enum MHD_Result form_iter(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *filename, const char *content_type,
				 const char *transfer_encoding, const char *data, uint64_t off,
				 size_t size)
{
	struct form_ctx *f = cls;
	http_req *r = f->r;
	if (off > 0 && r->nfields > 0 && strcmp(r->fields[r->nfields - 1].name, key) == 0) {
		http_field *last = &r->fields[r->nfields - 1];
		size_t old = strlen(last->value);
		char *v = arena_alloc(r->pool, old + size + 1);
		memcpy(v, last->value, old);
		memcpy(v + old, data, size);
		v[old + size] = 0;
		last->value = v;
		return MHD_YES;
	}
	if (r->nfields == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		http_field *nf = arena_alloc(r->pool, cap * sizeof *nf);
		if (r->nfields)
			memcpy(nf, r->fields, r->nfields * sizeof *nf);
		r->fields = nf;
		f->cap = cap;
	}
	r->fields[r->nfields].name = arena_strdup(r->pool, key);
	r->fields[r->nfields].value = arena_strndup(r->pool, data ? data : "", data ? size : 0);
	r->nfields++;
	return MHD_YES;
}

/* Parses a form body; returns 0, or -1 when it is not valid UTF-8. */
static int parse_form(http_req *r)
{
	struct form_ctx f = {r, 0, 0};
	struct MHD_PostProcessor *pp = MHD_create_post_processor(r->conn, 16384, form_iter, &f);
	if (!pp)
		return 0; /* not a form: the body stays available raw */
	MHD_post_process(pp, r->body, r->body_len);
	MHD_destroy_post_processor(pp);
	for (size_t i = 0; i < r->nfields; i++)
		if (!text_utf8_valid(r->fields[i].name, strlen(r->fields[i].name)) ||
		    !text_utf8_valid(r->fields[i].value, strlen(r->fields[i].value)))
			return -1;
	return 0;
}

static bool is_unsafe(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* Identifies the user by bearer token or session cookie. Returns 0, or -1
 * when a bearer token was given but is not valid. */
static int authenticate(http_req *r)
{
	const char *auth = http_header_in(r, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
		store_user *u = arena_zalloc(r->pool, sizeof *u);
		if (account_token_user(r->db, r->pool, auth + 7, r->now, u) != 0)
			return -1;
		r->user = u;
		r->via_token = true;
		return 0;
	}
	const char *tok = http_cookie(r, "fab_session");
	if (tok && *tok) {
		store_user *u = arena_zalloc(r->pool, sizeof *u);
		const char *hash = NULL;
		if (account_session_user(r->db, r->pool, tok, r->now, u, &hash) == 0) {
			r->user = u;
			r->session_hash = hash;
		}
	}
	return 0;
}

/* The CSRF token of this browser: the fab_csrf cookie when well formed. */
static void read_csrf(http_req *r)
{
	const char *c = http_cookie(r, "fab_csrf");
	if (c && strlen(c) == 43)
		r->csrf = c;
}

static bool csrf_ok(http_req *r, const route *rt)
{
	if (r->via_token)
		return true;
	const char *sent = rt->flags & ROUTE_API ? http_header_in(r, "X-CSRF-Token") : http_form(r, "csrf");
	return r->csrf && sent && text_equal_ct(r->csrf, sent);
}

static void security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
}

/* Runs the route and produces r->status and the body. */
static void run(struct conn_ctx *c)
{
	http_req *r = &c->req;
	if (c->too_large) {
		char *m = arena_printf(r->pool, T(r, "The request is too large: at most %zu bytes are accepted."),
				       opts->max_body);
		r->is_api = strncmp(r->path, "/api/", 5) == 0;
		http_fail(r, 413, m);
		return;
	}
	if (!text_utf8_valid(r->path, strlen(r->path))) {
		http_fail(r, 400, T(r, "The address is not valid UTF-8."));
		return;
	}
	char *copy = arena_strdup(r->pool, r->path);
	int exists;
	char allow[64];
	const route *rt = router_match(opts->routes, opts->nroutes, r->method, r->path, copy,
				       r->param, &exists, allow, sizeof allow);
	r->is_api = strncmp(r->path, "/api/", 5) == 0;
	if (!rt) {
		if (exists) {
			http_set_header(r, MHD_HTTP_HEADER_ALLOW, allow);
			http_fail(r, 405, T(r, "This address does not accept this method."));
		} else {
			http_fail(r, 404, r->is_api ? T(r, "Nothing exists at this address.")
						    : T(r, "There is no page at this address."));
		}
		return;
	}
	char err[256];
	r->db = store_pool_get(err, sizeof err);
	if (!r->db) {
		log_error(r->id, "database unavailable: %s", err);
		http_fail(r, 503, T(r, "The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	if (authenticate(r) < 0) {
		http_fail(r, 401, T(r, "This API token is not valid."));
		return;
	}
	read_csrf(r);
	if (r->body_len) {
		/* Fields are checked once percent-decoded; a JSON body is checked
		 * by the JSON parser. */
		if (parse_form(r) < 0) {
			http_fail(r, 400, T(r, "The form contains text that is not valid UTF-8."));
			return;
		}
	}
	if ((rt->flags & (ROUTE_AUTH | ROUTE_ADMIN)) && !r->user) {
		if (r->is_api) {
			http_fail(r, 401, T(r, "You must be signed in."));
		} else if (!is_unsafe(r->method)) {
			http_redirect(r, arena_printf(r->pool, "/login?next=%s", text_urlencode(r->pool, r->path)), NULL);
		} else {
			http_fail(r, 401, T(r, "You must be signed in."));
		}
		return;
	}
	if ((rt->flags & ROUTE_ADMIN) && !r->user->is_admin) {
		http_fail(r, 403, T(r, "This page is reserved for administrators."));
		return;
	}
	bool unsafe = is_unsafe(r->method);
	if (unsafe && !(rt->flags & ROUTE_NOCSRF) && !csrf_ok(r, rt)) {
		http_fail(r, 403, T(r, "The security token is missing or out of date. Reload the page and try again."));
		return;
	}
	if (unsafe && !(rt->flags & ROUTE_OWN_TX)) {
		store_rc brc = store_begin(r->db);
		if (brc != STORE_OK) {
			log_error(r->id, "cannot begin transaction: %s", store_errmsg(r->db));
			http_fail(r, 503, T(r, "The service is temporarily unavailable. Please try again in a moment."));
			return;
		}
	}
	r->status = 200;
	rt->fn(r);
	if (unsafe && store_in_transaction(r->db)) {
		if (r->status < 400) {
			if (store_commit(r->db) != STORE_OK) {
				log_error(r->id, "commit failed: %s", store_errmsg(r->db));
				r->headers = NULL;
				http_fail(r, 503, T(r, "Your change could not be saved. Please try again."));
			}
		} else {
			store_rollback(r->db);
		}
	}
	if (r->status < 400) {
		for (struct http_event *e = r->events; e; e = e->next) {
			if (e->topic)
				sse_publish(e->topic, e->event, e->data);
			else
				e->fn(e->arg);
		}
	}
	r->events = NULL;
}

static enum MHD_Result respond(struct conn_ctx *c)
{
	http_req *r = &c->req;
	struct MHD_Response *resp;
	size_t len = 0;
	if (r->stream) {
		resp = sse_response(r->stream);
	} else {
		char *body = buf_detach(&r->out, &len);
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	}
	c->sent_bytes = len;
	if (!r->content_type)
		r->content_type = "text/html; charset=utf-8";
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	security_headers(resp);
	int has_cache = 0;
	for (http_header *h = r->headers; h; h = h->next) {
		MHD_add_response_header(resp, h->name, h->value);
		if (strcasecmp(h->name, "Cache-Control") == 0)
			has_cache = 1;
	}
	if (!has_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (!r->is_api)
		MHD_add_response_header(resp, "Content-Language", i18n_code(r->lang));
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	c->queued = 1;
	return ret;
}

/* Adds the size of one header line ("Name: value\r\n") to *cls. */
static enum MHD_Result add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
				       const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	struct conn_ctx *c = *con_cls;
	if (!c) {
		c = mem_calloc(1, sizeof *c);
		*con_cls = c;
		atomic_fetch_add(&inflight, 1);
		http_req *r = &c->req;
		r->pool = arena_new();
		r->conn = conn;
		r->method = method;
		r->path = arena_strdup(r->pool, url);
		r->version = version;
		r->now = (int64_t)time(NULL);
		snprintf(r->id, sizeof r->id, "%08x%08x", reqprefix, atomic_fetch_add(&reqcounter, 1));
		fill_ip(r);
		pick_language(r);
		size_t head = strlen(url) + strlen(method) + strlen(version) + 4;
		MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header_size, &head);
		if (head > opts->max_header) {
			char *m = arena_printf(r->pool,
				T(r, "The request headers are too large: at most %zu bytes are accepted."),
				opts->max_header);
			r->is_api = strncmp(url, "/api/", 5) == 0;
			http_fail(r, 431, m);
			return respond(c);
		}
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > opts->max_body) {
			c->too_large = 1;
			run(c);
			return respond(c);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!c->too_large) {
			if (c->body.len + *upload_data_size > opts->max_body) {
				c->too_large = 1;
				buf_free(&c->body);
			} else {
				buf_append(&c->body, upload_data, *upload_data_size);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (c->queued)
		return MHD_YES;
	http_req *r = &c->req;
	if (c->body.len) {
		r->body = arena_strndup(r->pool, c->body.data, c->body.len);
		r->body_len = c->body.len;
	}
	buf_free(&c->body);
	run(c);
	return respond(c);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct conn_ctx *c = *con_cls;
	if (!c)
		return;
	http_req *r = &c->req;
	char uid[24] = "-";
	if (r->user)
		snprintf(uid, sizeof uid, "%lld", (long long)r->user->id);
	log_access(r->ip, uid, r->method, r->path, r->version, r->status ? r->status : 500, c->sent_bytes);
	if (r->status >= 500)
		log_error(r->id, "%s %s answered %d", r->method, r->path, r->status);
	buf_free(&r->out);
	buf_free(&c->body);
	arena_free(r->pool);
	free(c);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = 0;
	log_error(NULL, "http: %s", msg);
}

/* Resolves "HOST:PORT" (or "[V6]:PORT", ":PORT") into addr. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr, char *err, size_t errlen)
{
	char host[256] = "";
	const char *port;
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof host)
			goto bad;
		memcpy(host, listen + 1, (size_t)(close - listen - 1));
		host[close - listen - 1] = 0;
		port = close + 2;
	} else {
		const char *colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof host)
			goto bad;
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = 0;
		port = colon + 1;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 1 || p > 65535)
		goto bad;
	struct addrinfo hints = {0}, *res;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int rc = getaddrinfo(*host ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "cannot resolve listen address '%s': %s", listen, gai_strerror(rc));
		return -1;
	}
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
bad:
	snprintf(err, errlen, "listen address '%s' must look like HOST:PORT (e.g. 127.0.0.1:8080)", listen);
	return -1;
}

int http_serve(const http_options *opt)
{
	opts = opt;
	unsigned rnd;
	account_random(&rnd, sizeof rnd);
	reqprefix = rnd;

	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	char err[300];
	struct sockaddr_storage addr;
	if (parse_listen(opt->listen, &addr, err, sizeof err) < 0) {
		fprintf(stderr, "fabrique: %s\n", err);
		return -1;
	}

	/* Signals are taken by sigwait in this thread only. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	sse_start();
	unsigned family = addr.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0;
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
		MHD_USE_ERROR_LOG | MHD_USE_TURBO | family,
	    0, NULL, NULL, on_request, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opt->threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)opt->timeout,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)opt->max_connections,
	    /* The per-connection memory holds the head and the read and write
	     * buffers: give it room so that heads past the limit reach
	     * on_request, which answers 431 with our headers and message. */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)opt->max_header * 2 + 16384,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
	    MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "fabrique: cannot listen on %s: %s\n", opt->listen,
			errno ? strerror(errno) : "the address is in use or not available");
		sse_stop();
		return -1;
	}
	log_info("fabrique %s listening on http://%s/ with %u threads", FABRIQUE_VERSION, opt->listen,
		 opt->threads);
	fprintf(stderr, "fabrique: listening on http://%s/ (Ctrl-C to stop)\n", opt->listen);

	int sig;
	for (;;) {
		sigwait(&set, &sig);
		if (sig != SIGHUP)
			break;
		/* SIGHUP: log rotation moved the file; start a new one. */
		log_reopen();
		log_info("SIGHUP: access log reopened");
	}
	log_info("signal %d received: finishing requests in flight", sig);
	MHD_quiesce_daemon(d);
	sse_stop();
	/* Give requests being handled up to 10 s to finish; idle keep-alive
	 * connections do not count since they have no request. */
	for (int i = 0; i < 1000 && atomic_load(&inflight) > 0; i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	log_info("stopped");
	return 0;
}
