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

/* pages_cycles.c */
void page_cycles(http_req *r);
void page_cycle_new(http_req *r);
void page_cycle_create(http_req *r);
void page_cycle_import_form(http_req *r);
void page_cycle_import(http_req *r);
void page_cycle(http_req *r);
void page_cycle_settings(http_req *r);
void page_cycle_settings_save(http_req *r);
void page_cycle_phases(http_req *r);
void page_cycle_archive(http_req *r);
void page_cycle_copy(http_req *r);
void page_cycle_export(http_req *r);
/* pages_members.c */
void page_members(http_req *r);
void page_members_invite(http_req *r);
void page_members_role(http_req *r);
void page_members_remove(http_req *r);
void page_invitation_delete(http_req *r);
void page_invitation(http_req *r);
void page_invitation_accept(http_req *r);
/* end pages_members.c */
/* pages_scenarios.c */
void page_scenarios(http_req *r);
void page_scenario_new(http_req *r);
void page_scenario_create(http_req *r);
void page_scenario(http_req *r);
void page_scenario_update(http_req *r);
void page_scenario_edit(http_req *r);
void page_scenario_print(http_req *r);
void page_scenario_status(http_req *r);
void page_scenario_fork(http_req *r);
void page_scenario_history(http_req *r);
void page_scenario_diff(http_req *r);
void page_scenario_restore(http_req *r);
/* end pages_scenarios.c */
/* pages_seminars.c */
void page_seminars(http_req *r);
void page_seminar_new(http_req *r);
void page_seminar_create(http_req *r);
void page_seminar_control(http_req *r);
void page_seminar_edit(http_req *r);
void page_seminar_update(http_req *r);
void page_seminar_state(http_req *r);
void page_seminar_present(http_req *r);
void page_seminar_resolve(http_req *r);
void page_seminar_results(http_req *r);
void page_seminar_groups(http_req *r);
void page_seminar_group_move(http_req *r);
void page_seminar_ballots_csv(http_req *r);
void page_seminar_ballots_preflib(http_req *r);
void page_seminar_results_json(http_req *r);
void page_seminar_results_csv(http_req *r);
void page_seminar_groups_csv(http_req *r);
/* end pages_seminars.c */
/* pages_controversies.c */
void page_controversies(http_req *r);
void page_controversy_new(http_req *r);
void page_controversy_create(http_req *r);
void page_controversy_edit(http_req *r);
void page_controversy_update(http_req *r);
void page_controversy(http_req *r);
void page_controversy_identity(http_req *r);
void page_controversy_vote(http_req *r);
void page_controversy_propose(http_req *r);
void page_controversy_statements(http_req *r);
void page_controversy_add(http_req *r);
void page_controversy_moderate(http_req *r);
void page_controversy_report(http_req *r);
void page_controversy_freeze(http_req *r);
void page_controversy_frozen(http_req *r);
void page_controversy_polis(http_req *r);
void page_controversy_import_form(http_req *r);
void page_controversy_import(http_req *r);
/* end pages_controversies.c */
/* pages_seminar_vote.c */
void page_join_form(http_req *r);
void page_join(http_req *r);
void page_seminar_participant(http_req *r);
void page_seminar_join(http_req *r);
void page_seminar_ballot(http_req *r);
void page_seminar_prefs(http_req *r);
void page_seminar_attach(http_req *r);
void page_seminar_projector(http_req *r);
void page_seminar_events(http_req *r);
/* end pages_seminar_vote.c */
/* pages_library.c, pages_taxonomies.c, pages_templates.c, pages_search.c */
void page_library(http_req *r);
void page_library_new(http_req *r);
void page_library_create(http_req *r);
void page_library_item(http_req *r);
void page_library_edit(http_req *r);
void page_library_update(http_req *r);
void page_library_delete(http_req *r);
void page_library_observe(http_req *r);
void page_taxonomies(http_req *r);
void page_taxonomy_create(http_req *r);
void page_taxonomy(http_req *r);
void page_taxonomy_update(http_req *r);
void page_term_create(http_req *r);
void page_term_edit(http_req *r);
void page_term_update(http_req *r);
void page_term_delete(http_req *r);
void page_templates(http_req *r);
void page_template_new(http_req *r);
void page_template_create(http_req *r);
void page_template(http_req *r);
void page_template_update(http_req *r);
void page_search(http_req *r);
/* end pages_library.c, pages_taxonomies.c, pages_templates.c, pages_search.c */

/* The route table (routes.c). */
extern const route web_routes[];
extern const size_t web_nroutes;

#endif
