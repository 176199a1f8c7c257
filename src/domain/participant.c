/*
 * participant.c — finding or creating a participant identity in a cycle
 * (see participant.h). Seminars and controversies both go through here, so
 * one person keeps one nickname across the day.
 */
#include "participant.h"
#include "seminar.h"
#include "../core/text.h"

bool participant_identify(store *s, arena *a, int64_t cycle_id, const char *cookie_token,
			  const store_user *user, const char *nickname, const char *org_kind, int64_t now,
			  problems *pb, store_participant *out, char token[ACCOUNT_TOKEN_LEN + 1])
{

	token[0] = 0;
	store_rc r = STORE_NOTFOUND;
	if (cookie_token && *cookie_token) {
		char hash[ACCOUNT_HASH_LEN + 1];
		account_hash_token(cookie_token, hash);
		r = store_participant_by_token(s, a, hash, out);
		if (r == STORE_ERROR)
			return false;
		if (r == STORE_OK && out->cycle_id != cycle_id)
			r = STORE_NOTFOUND;
	}
	if (r == STORE_NOTFOUND && user) {
		r = store_participant_for_user(s, a, cycle_id, user->id, out);
		if (r == STORE_ERROR)
			return false;
		if (r == STORE_OK) {
			/* The account's identity, on a new device: a new cookie. */
			char hash[ACCOUNT_HASH_LEN + 1];
			account_new_token(token, hash);
			if (store_participant_set_token(s, out->id, hash) != STORE_OK)
				return false;
		}
	}
	if (r == STORE_NOTFOUND) {
		size_t nl = nickname ? text_utf8_len(nickname) : 0;
		if (nl == 0)
			problems_add(pb, "nickname", N_("Choose a nickname."));
		else if (nl > 60)
			problems_add(pb, "nickname", N_("The nickname is too long (60 characters at most)."));
		if (!seminar_org_kind_ok(org_kind))
			problems_add(pb, "org_kind", N_("Choose the kind of organisation you come from."));
		if (pb->n)
			return false;
		char hash[ACCOUNT_HASH_LEN + 1];
		account_new_token(token, hash);
		*out = (store_participant){
			.cycle_id = cycle_id, .user_id = user ? user->id : 0, .created_at = now,
			.nickname = arena_strdup(a, nickname), .org_kind = arena_strdup(a, org_kind),
		};
		if (store_participant_create(s, out, hash, &out->id) != STORE_OK)
			return false;
	} else if (user && !out->user_id) {
		if (store_participant_attach(s, out->id, user->id) != STORE_OK)
			return false;
		out->user_id = user->id;
	}
	return true;
}
