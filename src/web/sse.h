/*
 * sse.h — Server-Sent Events: long-lived text/event-stream answers that the
 * server pushes events into (live seminar counts, projector views).
 *
 * A stream holds no thread while it waits: its connection is suspended in
 * libmicrohttpd and resumed when an event or a heartbeat is queued, so
 * hundreds of clients cost a few hundred bytes each.
 */
#ifndef FAB_SSE_H
#define FAB_SSE_H

#include <stddef.h>

struct MHD_Response;
struct http_req;
typedef struct sse_client sse_client;

/* Starts the heartbeat thread; sse_stop ends every open stream (they finish
 * cleanly) and the thread. Called by http_serve. */
void sse_start(void);
void sse_stop(void);

/* Turns the request's answer into a stream subscribed to topic, with a
 * heartbeat event every heartbeat_s seconds. Sets r->stream. */
void sse_open(struct http_req *r, const char *topic, int heartbeat_s);

/* Queues an event for every stream subscribed to topic. data must be one
 * line (no newline). Thread-safe. */
void sse_publish(const char *topic, const char *event, const char *data);

/* Number of open streams. */
size_t sse_count(void);

/* The libmicrohttpd response for a stream (used by http.c). */
struct MHD_Response *sse_response(sse_client *c);

#endif
