/*
 * fuzz.h — what the fuzz targets share. Each target_*.c defines
 * LLVMFuzzerTestOneInput for libFuzzer (run.sh builds it with clang and
 * -fsanitize=fuzzer); driver.c supplies a main() that feeds seed files and
 * random mutations of them when libFuzzer is not available.
 *
 * FUZZ_CHECK aborts on a broken invariant so that both libFuzzer and the
 * driver report the input that broke it.
 */
#ifndef FAB_FUZZ_H
#define FAB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                              \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__,   \
				__LINE__, #cond);                                     \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* A NUL-terminated heap copy of the input (the caller frees). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = 0;
	return s;
}

#endif
