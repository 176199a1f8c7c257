/* target_config.c — config_load_file on arbitrary file contents: never a
 * crash; a failure always says why, naming the file; a success leaves every
 * key with a value. */
#include "fuzz.h"

#include <unistd.h>

#include "core/config.h"

static char path[64];

static void remove_file(void) { unlink(path); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path[0]) {
		snprintf(path, sizeof path, "/tmp/fabrique-fuzz-config-%ld", (long)getpid());
		atexit(remove_file);
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	config *c = config_new();
	char err[256];
	memset(err, 'x', sizeof err);
	int rc = config_load_file(c, path, err, sizeof err);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		FUZZ_CHECK(memchr(err, 0, sizeof err) != NULL);
		FUZZ_CHECK(strstr(err, path) != NULL);
	}
	const char *k;
	for (int i = 0; (k = config_key(i, NULL)); i++)
		FUZZ_CHECK(config_get(c, k) != NULL);
	config_free(c);
	return 0;
}
