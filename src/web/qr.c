/* qr.c — QR codes as SVG; see qr.h. */
#include "qr.h"

#include <qrencode.h>
#include <string.h>

#include "html.h"

bool qr_svg(buf *b, const char *text, const char *id, const char *title)
{
	if (!text || !*text)
		return false;
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return false;

	char safe[64];
	size_t k = 0;
	for (const char *s = id; s && *s && k + 1 < sizeof safe; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_')
			safe[k++] = *s;
	safe[k] = 0;
	if (k == 0)
		memcpy(safe, "qr", sizeof "qr");

	int w = q->width, size = w + 2 * QR_QUIET;
	html_printf(b,
		    "<svg class=\"qr\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-t\" "
		    "shape-rendering=\"crispEdges\">\n<title id=\"%s-t\">%s</title>\n"
		    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
		    size, size, safe, safe, title, size, size);
	/* Bit 0 of each byte is the module's colour (1 = dark); the other
	 * bits say what the module belongs to and do not matter here. */
	for (int y = 0; y < w; y++) {
		const unsigned char *row = q->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (row[x + run] & 1))
				run++;
			html_printf(b, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET, run, run);
			x += run;
		}
	}
	html_raw(b, "\"/>\n</svg>\n");
	QRcode_free(q);
	return true;
}
