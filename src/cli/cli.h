/*
 * cli.h — the command line: a table of subcommands (main.c) and what they
 * share: option parsing and the settings of config.h.
 */
#ifndef FAB_CLI_H
#define FAB_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/config.h"
#include "../store/store.h"

typedef struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage; /* full --help text */
} cli_cmd;

/* Parses the options common to every command that touches the database or
 * the server (--db, --listen, --threads, --config, any setting as
 * --key=value or --key value). Options not recognised are left in
 * argv (compacted, argc updated). Returns the configuration, or NULL after
 * printing a message. The caller frees it with config_free(). */
config *cli_config(int *argc, char **argv);

/* Opens and migrates the configured database; NULL after printing why. */
store *cli_open_store(config *c);

/* The value of option name at argv[*i], written "--name VALUE" (then *i
 * moves past the value) or "--name=VALUE"; NULL when argv[*i] is not that
 * option, or when it has no value, which sets *missing. */
const char *cli_option(int argc, char **argv, int *i, const char *name, bool *missing);

/* True when argv holds -h or --help. */
bool cli_wants_help(int argc, char **argv);

/* Commands (one file per group). */
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
/* cmd_cycle.c */
int cmd_cycle(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
/* cmd_assign.c */
int cmd_assign(int argc, char **argv);
/* cmd_tally.c; cmd_tally_to writes to out and err instead of stdout and
 * stderr (for the unit tests), same arguments and exit status. */
int cmd_tally(int argc, char **argv);
int cmd_tally_to(FILE *out, FILE *err, int argc, char **argv);
/* cmd_opinion.c; cmd_opinion_to likewise writes to out and err. */
int cmd_opinion(int argc, char **argv);
int cmd_opinion_to(FILE *out, FILE *err, int argc, char **argv);

/* Prints the usage of a command by name; 0 if found. */
int cli_print_usage(const char *name);

#endif
