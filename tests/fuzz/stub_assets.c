/* stub_assets.c — an empty asset table, so that the fuzz targets can link
 * src/core/i18n.c without the generated build/gen/assets.c. Nothing fuzzed
 * here reads an asset. */
#include "core/assets.h"

const unsigned char *assets_find(const char *name, size_t *len)
{
	(void)name;
	if (len)
		*len = 0;
	return NULL;
}

const asset *assets_get(const char *name)
{
	(void)name;
	return NULL;
}

const asset *assets_at(size_t i)
{
	(void)i;
	return NULL;
}
