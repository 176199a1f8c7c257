/*
 * sse.c — see sse.h. One mutex guards the list of streams and their pending
 * bytes. The content reader either hands over pending bytes or suspends the
 * connection and returns 0, the pattern libmicrohttpd documents for "no data
 * yet"; sse_publish and the heartbeat thread resume it.
 */
#include "sse.h"
#include "http.h"
#include "../core/mem.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sse_client {
	struct MHD_Connection *conn;
	char *topic;
	buf pending;
	int heartbeat_s;
	int64_t next_beat;
	unsigned long seq;
	int suspended;
	int done;
	struct sse_client *next, *prev;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct sse_client *clients;
static size_t nclients;
static int stopping, running;
static pthread_t ticker;

static int64_t now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* Caller holds mu. */
static void wake(struct sse_client *c)
{
	if (c->suspended) {
		c->suspended = 0;
		MHD_resume_connection(c->conn);
	}
}

static void beat(struct sse_client *c, int64_t now)
{
	buf_printf(&c->pending, "event: heartbeat\nid: %lu\ndata: {\"time\":%lld,\"clients\":%zu}\n\n",
		   ++c->seq, (long long)time(NULL), nclients);
	c->next_beat = now + c->heartbeat_s;
}

static void *tick(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		int64_t now = now_s();
		for (struct sse_client *c = clients; c; c = c->next) {
			if (now >= c->next_beat) {
				beat(c, now);
				wake(c);
			}
		}
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&cv, &mu, &ts);
	}
	for (struct sse_client *c = clients; c; c = c->next) {
		c->done = 1;
		wake(c);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

void sse_start(void)
{
	pthread_mutex_lock(&mu);
	stopping = 0;
	running = pthread_create(&ticker, NULL, tick, NULL) == 0;
	pthread_mutex_unlock(&mu);
}

void sse_stop(void)
{
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_broadcast(&cv);
	int was = running;
	running = 0;
	pthread_mutex_unlock(&mu);
	if (was)
		pthread_join(ticker, NULL);
}

static ssize_t reader(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct sse_client *c = cls;
	pthread_mutex_lock(&mu);
	ssize_t n;
	if (c->pending.len) {
		n = (ssize_t)(c->pending.len < max ? c->pending.len : max);
		memcpy(out, c->pending.data, (size_t)n);
		memmove(c->pending.data, c->pending.data + n, c->pending.len - (size_t)n);
		c->pending.len -= (size_t)n;
	} else if (c->done || stopping) {
		n = MHD_CONTENT_READER_END_OF_STREAM;
	} else {
		c->suspended = 1;
		MHD_suspend_connection(c->conn);
		n = 0;
	}
	pthread_mutex_unlock(&mu);
	return n;
}

static void release(void *cls)
{
	struct sse_client *c = cls;
	pthread_mutex_lock(&mu);
	if (c->prev)
		c->prev->next = c->next;
	else
		clients = c->next;
	if (c->next)
		c->next->prev = c->prev;
	nclients--;
	pthread_mutex_unlock(&mu);
	buf_free(&c->pending);
	free(c->topic);
	free(c);
}

void sse_open(struct http_req *r, const char *topic, int heartbeat_s)
{
	struct sse_client *c = mem_calloc(1, sizeof *c);
	c->conn = r->conn;
	c->topic = mem_strdup(topic);
	c->heartbeat_s = heartbeat_s > 0 ? heartbeat_s : 15;
	pthread_mutex_lock(&mu);
	c->next = clients;
	if (clients)
		clients->prev = c;
	clients = c;
	nclients++;
	buf_puts(&c->pending, "retry: 3000\n: fabrique stream\n\n");
	beat(c, now_s());
	pthread_mutex_unlock(&mu);
	r->stream = c;
	r->content_type = "text/event-stream; charset=utf-8";
	http_set_header(r, "Cache-Control", "no-store");
	http_set_header(r, "X-Accel-Buffering", "no");
}

struct MHD_Response *sse_response(sse_client *c)
{
	return MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, c, release);
}

void sse_publish(const char *topic, const char *event, const char *data)
{
	pthread_mutex_lock(&mu);
	for (struct sse_client *c = clients; c; c = c->next) {
		if (strcmp(c->topic, topic) != 0)
			continue;
		buf_printf(&c->pending, "event: %s\nid: %lu\ndata: %s\n\n", event, ++c->seq, data);
		wake(c);
	}
	pthread_mutex_unlock(&mu);
}

size_t sse_count(void)
{
	pthread_mutex_lock(&mu);
	size_t n = nclients;
	pthread_mutex_unlock(&mu);
	return n;
}
