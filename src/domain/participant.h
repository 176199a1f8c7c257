/*
 * participant.h — the participant identity of a cycle, shared by seminars
 * and controversies: a nickname and an organisation kind, no account, held
 * by the browser in a cookie token (only its hash is stored), optionally
 * attached to an account so that it follows the person to a new device.
 */
#ifndef FAB_PARTICIPANT_H
#define FAB_PARTICIPANT_H

#include <stdbool.h>
#include <stdint.h>

#include "account.h"
#include "problems.h"

/*
 * Finds or creates the identity of this person in the cycle, in this order:
 * the identity of cookie_token (if it belongs to the cycle); the one
 * attached to user's account (a new token is issued for this browser); a
 * new one from nickname and org_kind, checked (problems on "nickname" and
 * "org_kind"). A found identity gets attached to user when it had no
 * account. token receives a token to set as the cookie ("" when the
 * browser's cookie stays valid). Returns false with pb filled on invalid
 * fields, or false with pb empty on a database failure.
 */
bool participant_identify(store *s, arena *a, int64_t cycle_id, const char *cookie_token,
			  const store_user *user, const char *nickname, const char *org_kind, int64_t now,
			  problems *pb, store_participant *out, char token[ACCOUNT_TOKEN_LEN + 1]);

#endif
