/*
 * opinion_map.h — the opinion map of a controversy drawn as inline SVG,
 * beside a table of the same content (the accessible alternative): one
 * point per participant placed by their votes, the opinion groups by
 * colour AND by a letter at each group's centre (never colour alone), and
 * the viewer's own position ringed and named.
 *
 * With many participants, points that fall in the same small cell are
 * drawn as one disc whose area grows with their number, so the picture
 * stays a few kilobytes whatever the size of the controversy.
 */
#ifndef FAB_OPINION_MAP_H
#define FAB_OPINION_MAP_H

#include "http.h"
#include "../domain/controversy.h"

/* Appends the figure of m to r->out; me is the index in m->people of the
 * viewer, -1 when they are not on the map. */
void opinion_map_svg(http_req *r, const controversy_map *m, int me);

#endif
