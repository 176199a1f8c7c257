/*
 * qr.h — a QR code drawn as inline SVG, for a seminar's join link on the
 * projector and on printed sheets.
 *
 * The symbol comes from libqrencode (error correction level M, the text
 * encoded as 8-bit bytes, so UTF-8 passes through unchanged); this file only
 * draws it. Not for: reading QR codes, or any other barcode.
 */
#ifndef FAB_QR_H
#define FAB_QR_H

#include <stdbool.h>

#include "../core/buf.h"

/* Quiet zone around the symbol, in modules (the standard's minimum). */
#define QR_QUIET 4

/* Appends <svg class="qr" role="img"> drawing the QR code of text: a white
 * square of (w + 2*QR_QUIET) modules, w the symbol's width, with viewBox
 * "0 0 N N" in modules (one unit per module) and no width or height of its
 * own (the stylesheet sizes it), then one black <path> whose data is a run
 * "M x y h L v1 h -L z" (written compactly, "Mx yhLv1h-Lz") for every
 * horizontal run of dark modules, coordinates including the quiet zone,
 * drawn with shape-rendering="crispEdges". title (text, escaped) names the
 * picture for assistive technologies through aria-labelledby; id (only
 * ASCII letters, digits, '-' and '_' are kept; "qr" when none) makes the
 * title's id, "<id>-t", which must be unique in the page.
 * Returns false and appends nothing when text cannot be encoded (NULL,
 * empty, or longer than a version 40 symbol holds); true otherwise. */
bool qr_svg(buf *b, const char *text, const char *id, const char *title);

#endif
