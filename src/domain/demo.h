/*
 * demo.h — the content of the demo instance. Written in our own words from
 * the seeds; later features add their cycles here.
 */
#ifndef FAB_DEMO_H
#define FAB_DEMO_H

#include "../store/store.h"

#define DEMO_ADMIN_EMAIL "admin@fabrique.demo"
#define DEMO_MEMBER_EMAIL "camille@fabrique.demo"

/* Loads the demo content into s, or refreshes it when already there, and
 * gives the demo administrator and member the new password. Returns 0, or -1
 * with a message on stderr. */
int demo_load(store *s, const char *password);

/* Adds the demo's seminars to its Ruptures cycle unless it has some
 * (demo_seminar.c): the 2011 seminar replayed with 100 synthetic
 * participants, closed, with its working groups; and one open seminar per
 * ballot method. Returns 0, or -1 with a message on stderr. */
/* Adds the demo's controversy to the #RESET cycle (once: nothing when it
 * is there or the cycle is not), with synthetic votes and its map
 * computed. 0 on success, -1 on a failure (message on stderr). */
int demo_controversies(store *s);
int demo_seminars(store *s);

#endif
