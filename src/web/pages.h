/*
 * pages.h — the HTML handlers, one file per feature, gathered here so that
 * routes.c can list them. Each handler is declared next to its route line.
 */
#ifndef FAB_PAGES_H
#define FAB_PAGES_H

#include "http.h"

/* pages_home.c */
void page_home(http_req *r);
void page_lang(http_req *r);
void page_events_heartbeat(http_req *r);
/* static.c */
void page_static(http_req *r);
void page_favicon(http_req *r);
/* pages_login.c */
void page_login_form(http_req *r);
void page_login(http_req *r);
void page_logout(http_req *r);
/* pages_account.c */
void page_account(http_req *r);
void page_account_profile(http_req *r);
void page_account_password(http_req *r);
void page_account_sessions(http_req *r);
void page_account_token_create(http_req *r);
void page_account_token_delete(http_req *r);
void page_account_export(http_req *r);
void page_account_delete(http_req *r);
/* pages_admin.c */
void page_admin_users(http_req *r);
void page_admin_user_create(http_req *r);
void page_admin_user_update(http_req *r);
void page_admin_user_delete(http_req *r);

/* The route table (routes.c). */
extern const route web_routes[];
extern const size_t web_nroutes;

#endif
