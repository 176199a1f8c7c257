/*
 * mem.h — allocation that never returns NULL, and the per-request arena.
 *
 * Every allocation in fabrique goes through these functions: on failure they
 * print a message and abort, so callers never test for NULL. The arena is the
 * "pool per request" of the conventions: handlers allocate from it freely and
 * everything is released by one arena_free() at the end of the request.
 */
#ifndef FAB_MEM_H
#define FAB_MEM_H

#include <stdarg.h>
#include <stddef.h>

/* malloc/calloc/realloc/strdup that abort with a message on failure.
 * The caller owns the result and releases it with free(). */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
/* mem_alloc for arrays of megabytes swept in passes (the opinion engine's
 * votes): from 4 MiB, aligned on 2 MiB and advised for transparent huge
 * pages, which saves a page fault per 4 KiB on first touch and most TLB
 * misses after. Released with free(). Never NULL. */
void *mem_alloc_large(size_t n);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);

typedef struct arena arena;

/* Creates an empty arena. Released with arena_free(). */
arena *arena_new(void);

/* Releases every block handed out by the arena, then the arena itself.
 * Every pointer obtained from it becomes invalid. NULL is accepted. */
void arena_free(arena *a);

/* Returns n bytes aligned for any type, owned by the arena. Never NULL. */
void *arena_alloc(arena *a, size_t n);

/* Same as arena_alloc but zero-filled. */
void *arena_zalloc(arena *a, size_t n);

/* Copies a NUL-terminated string (or n bytes of one) into the arena.
 * arena_strdup(a, NULL) returns NULL. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);

/* printf into a string owned by the arena. */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

/* Registers fn(arg) to run when the arena is freed, in reverse order of
 * registration; lets a request own objects from other libraries (a jansson
 * value, a database result) without the handler freeing them by hand. */
void arena_defer(arena *a, void (*fn)(void *), void *arg);

#endif
