/*
 * driver.c — a main() for the fuzz targets where libFuzzer is not available
 * (run.sh compiles it with gcc and the sanitizers instead).
 *
 *   fuzz_TARGET [-t SECONDS] [-n COUNT] FILE...
 *
 * Feeds every FILE (the seed corpus) to LLVMFuzzerTestOneInput, then random
 * inputs for SECONDS (default 10) or COUNT runs: half of them mutations of a
 * seed (bytes flipped, inserted, deleted, duplicated, truncated, or spliced
 * from another seed), half fresh random bytes. A crash or a broken
 * invariant aborts, and the input is written to crash-TARGET first.
 * Not a coverage-guided fuzzer: a smoke test that keeps the targets honest.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	uint8_t *p;
	size_t n;
} blob;

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *crash_name = "crash";
static blob current;

/* Called by the sanitizers before they end the process (weak: absent
 * without them). */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

/* Saves the input being run when it crashes, so it can be replayed. */
static void save_input(void)
{
	FILE *f = fopen(crash_name, "wb");
	if (f) {
		fwrite(current.p, 1, current.n, f);
		fclose(f);
		fprintf(stderr, "driver: input written to %s\n", crash_name);
	}
}

static void on_abort(int sig)
{
	save_input();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void run(uint8_t *p, size_t n)
{
	/* An exact heap copy, so the sanitizer sees reads past the end. */
	uint8_t *copy = malloc(n ? n : 1);
	if (!copy)
		abort();
	memcpy(copy, p, n);
	current.p = copy;
	current.n = n;
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
}

static blob read_file(const char *path)
{
	blob b = {NULL, 0};
	FILE *f = fopen(path, "rb");
	if (!f)
		return b;
	size_t cap = 4096;
	b.p = malloc(cap);
	size_t got;
	while (b.p && (got = fread(b.p + b.n, 1, cap - b.n, f)) > 0) {
		b.n += got;
		if (b.n == cap)
			b.p = realloc(b.p, cap *= 2);
	}
	fclose(f);
	if (!b.p)
		abort();
	return b;
}

static size_t mutate(uint8_t *buf, size_t n, size_t max, const blob *seeds, size_t nseeds)
{
	int rounds = 1 + (int)(next() % 8);
	for (int r = 0; r < rounds; r++) {
		switch (next() % 7) {
		case 0: /* flip a bit */
			if (n)
				buf[next() % n] ^= (uint8_t)(1u << (next() % 8));
			break;
		case 1: /* set a byte to an interesting value */
			if (n) {
				static const uint8_t v[] = {0, 0x7f, 0x80, 0xff, '/', '{', '}', ';', ',',
							    '=', '#', '\n', '%', 0xc3, 0xed, 0xf4};
				buf[next() % n] = v[next() % sizeof v];
			}
			break;
		case 2: /* insert a random byte */
			if (n < max) {
				size_t at = next() % (n + 1);
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = (uint8_t)next();
				n++;
			}
			break;
		case 3: /* delete a range */
			if (n) {
				size_t at = next() % n, len = 1 + next() % (n - at);
				memmove(buf + at, buf + at + len, n - at - len);
				n -= len;
			}
			break;
		case 4: /* duplicate a range */
			if (n && n < max) {
				size_t at = next() % n, len = 1 + next() % (n - at);
				if (len > max - n)
					len = max - n;
				memmove(buf + at + len, buf + at, n - at);
				n += len;
			}
			break;
		case 5: /* truncate */
			if (n)
				n = next() % n;
			break;
		case 6: /* splice from another seed */
			if (nseeds) {
				const blob *s = &seeds[next() % nseeds];
				if (s->n) {
					size_t from = next() % s->n, len = 1 + next() % (s->n - from);
					size_t at = next() % (n + 1);
					if (len > max - at)
						len = max - at;
					memcpy(buf + at, s->p + from, len);
					if (at + len > n)
						n = at + len;
				}
			}
			break;
		}
	}
	return n;
}

int main(int argc, char **argv)
{
	double seconds = 10;
	long count = -1;
	blob *seeds = calloc((size_t)argc, sizeof *seeds);
	size_t nseeds = 0;
	const char *name = strrchr(argv[0], '/');
	static char crash[512];
	snprintf(crash, sizeof crash, "crash-%s", name ? name + 1 : argv[0]);
	crash_name = crash;
	signal(SIGABRT, on_abort);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(save_input);
	signal(SIGSEGV, on_abort);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			seconds = atof(argv[++i]);
		} else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			count = atol(argv[++i]);
		} else {
			blob b = read_file(argv[i]);
			if (b.p) {
				run(b.p, b.n);
				seeds[nseeds++] = b;
			}
		}
	}
	fprintf(stderr, "driver: %zu seed inputs passed\n", nseeds);
	rng ^= (uint64_t)time(NULL) * 0x2545F4914F6CDD1Dull;
	enum { MAX = 8192 };
	uint8_t *buf = malloc(MAX);
	if (!buf)
		abort();
	time_t end = time(NULL) + (time_t)seconds;
	long runs = 0;
	while (count >= 0 ? runs < count : time(NULL) < end) {
		size_t n;
		if (nseeds && next() % 2) {
			const blob *s = &seeds[next() % nseeds];
			n = s->n > MAX ? MAX : s->n;
			memcpy(buf, s->p, n);
			n = mutate(buf, n, MAX, seeds, nseeds);
		} else {
			n = next() % 300;
			for (size_t i = 0; i < n; i++)
				buf[i] = (uint8_t)next();
		}
		run(buf, n);
		runs++;
	}
	fprintf(stderr, "driver: %ld random inputs passed\n", runs);
	for (size_t i = 0; i < nseeds; i++)
		free(seeds[i].p);
	free(seeds);
	free(buf);
	return 0;
}
