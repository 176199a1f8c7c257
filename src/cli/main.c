/*
 * main.c — the fabrique command: one binary, a table of subcommands.
 * Each command's help text sits in the table beside it.
 */
#include "cli.h"
#include "../core/i18n.h"
#include "../domain/account.h"

#include <stdio.h>
#include <string.h>

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const cli_cmd commands[] = {
	{"serve", cmd_serve, "run the web server",
	 "usage: fabrique serve [--listen HOST:PORT] [--db URL] [--threads N] [--config FILE]\n"
	 "                      [--print-config] [--SETTING VALUE]...\n"
	 "Runs the web server until SIGINT or SIGTERM; requests in flight finish first.\n"
	 "The database is created and migrated if needed. --print-config shows every\n"
	 "setting with where its value came from, and exits."},
	{"init", cmd_init, "create or upgrade the database",
	 "usage: fabrique init [--db URL] [--admin EMAIL] [--name NAME]\n"
	 "Creates the schema (or applies newer migrations). With --admin, also creates an\n"
	 "administrator account and prints its generated password."},
	{"demo", cmd_demo, "load the demo content and serve it",
	 "usage: fabrique demo [--listen HOST:PORT] [--db URL] [--threads N]\n"
	 "Loads the demo content into the configured database (a temporary one unless\n"
	 "--db or FABRIQUE_DB names one), prints the demo administrator's login, and\n"
	 "serves it like 'fabrique serve'."},
	{"user", cmd_user, "manage accounts (add, list, passwd, delete)",
	 "usage: fabrique user add EMAIL [--name NAME] [--admin] [--password-stdin]\n"
	 "       fabrique user list [--format text|json]\n"
	 "       fabrique user passwd EMAIL [--password-stdin]\n"
	 "       fabrique user delete EMAIL\n"
	 "Without --password-stdin a password is generated and printed.\n"
	 "All take --db URL like the other commands."},
	{"check", cmd_check, "check the database's integrity",
	 "usage: fabrique check [--db URL]\n"
	 "Runs the database's integrity check, its foreign keys and fabrique's own rules.\n"
	 "Prints 'ok' and exits 0, or prints each problem and exits 1."},
	{"backup", cmd_backup, "write a consistent copy of the database",
	 "usage: fabrique backup [--db URL] FILE\n"
	 "Writes a consistent online copy of the whole database to FILE (a SQLite file,\n"
	 "whatever the backend), while the server keeps running."},
	{"restore", cmd_restore, "replace the database's content with a backup",
	 "usage: fabrique restore [--db URL] FILE\n"
	 "Replaces every row of the configured database with the content of FILE, made by\n"
	 "'fabrique backup', in one transaction. Stop the server first."},
	{"cycle", cmd_cycle, "list the cycles",
	 "usage: fabrique cycle list [--format text|json] [--db URL]\n"
	 "Lists every cycle, newest first, archived ones included: slug, visibility,\n"
	 "open or archived, number of scenarios and title (text, tab-separated), or an\n"
	 "array of objects with slug, title, visibility, archived, scenarios and members."},
	{"export", cmd_export, "write a cycle as a bundle file",
	 "usage: fabrique export --cycle SLUG [--out FILE] [--db URL]\n"
	 "Writes the whole cycle (phases, members, taxonomies, templates, library,\n"
	 "scenarios with their revisions) as a JSON bundle (docs/formats.md) to FILE, or\n"
	 "to standard output without --out or with --out -. Members are named by e-mail;\n"
	 "no password leaves the instance."},
	{"import", cmd_import, "create a cycle from a bundle file",
	 "usage: fabrique import FILE [--slug NEW] [--db URL]\n"
	 "Creates a cycle from a bundle written by 'fabrique export' (FILE '-' reads\n"
	 "standard input) and prints its slug. --slug gives it another slug, for a cycle\n"
	 "whose slug is already taken. Unknown e-mail addresses get an account without a\n"
	 "password. All or nothing: on the first error, prints the JSON path of the\n"
	 "offending value ('fabrique import: $.scenarios[3].title: ...'), imports nothing\n"
	 "and exits 1."},
	{"assign", cmd_assign, "assign participants to working groups",
	 "usage: fabrique assign [--format text|json] [--seed N] [--min N] [--max N]\n"
	 "                       [--max-share S] PREFS.csv\n"
	 "Reads how each participant ranks the working groups from PREFS.csv ('-' reads\n"
	 "standard input) and puts everyone in one group, exactly: the worst rank anyone\n"
	 "gets is as small as possible, then the sum of squared ranks; remaining ties are\n"
	 "broken by the seed, which is printed (the same seed gives the same result).\n"
	 "PREFS.csv (docs/formats.md, \"Working-group preferences (CSV)\"): a header row\n"
	 "'participant,kind,GROUP,GROUP...' (the kind column may be left out), then one\n"
	 "row per participant with ranks 1, 2... under the groups; an empty cell is a\n"
	 "group not ranked, worse than any rank. Optional rows '#min' and '#max' give a\n"
	 "group's smallest and largest size in its column.\n"
	 "  --min N, --max N   sizes of the groups the #min/#max rows leave empty\n"
	 "                     (default: 0 and no limit)\n"
	 "  --max-share S      at most S (0.4 or 40%) of a group's maximum size may be of\n"
	 "                     one kind, i.e. floor(S x max) people; needs the kind column\n"
	 "  --seed N           tie-break seed, 0 to 2^53-1 (default: drawn at random)\n"
	 "  --format F         text (a table and the statistics) or json\n"
	 "Exits 1 after 'fabrique assign: FILE:LINE: why' for a bad file or 'FILE: no\n"
	 "assignment is possible: why' when the sizes and the rule cannot be met; 2 for a\n"
	 "bad option."},
	{"tally", cmd_tally, "count a ballot file (Debian tally sheet, PrefLib)",
	 "usage: fabrique tally [--method approval|dots|schulze|mj|borda] [--unranked last|ignore]\n"
	 "                      [--seats K] [--format text|json] FILE\n"
	 "Counts the ballots of FILE ('-' reads standard input): a Debian tally sheet\n"
	 "('Option 1--->: name' and 'V: 21-3' lines) or a PrefLib .soc .soi .toc .toi or\n"
	 ".cat file, with the newer '# ALTERNATIVE NAME' header or the older numeric one;\n"
	 "the format is found from the content. Prints the ranking, best first, with tied\n"
	 "candidates on the same rank, and what explains it.\n"
	 "  --method M      schulze (the default; margins), borda, approval, dots or mj\n"
	 "                  (majority judgment, lower median, ties broken by removing\n"
	 "                  median grades). Rankings are converted for the last three:\n"
	 "                  approval: every ranked candidate, but only those ranked above\n"
	 "                  'None of the above' when the voter ranked it; dots: 3, 2 and 1\n"
	 "                  dots for ranks 1, 2 and 3; mj: rank r graded 7 - r (at least 1),\n"
	 "                  unranked graded 'reject'. Categories (.cat, the first the best):\n"
	 "                  approval = first category, dots = categories below it, mj =\n"
	 "                  grades spread from 'excellent' to 'reject'.\n"
	 "  --unranked R    schulze and borda: last (the default, Debian's rule: an unranked\n"
	 "                  candidate is below every ranked one) or ignore (no opinion:\n"
	 "                  pairs with an unranked candidate are not counted)\n"
	 "  --seats K       also say which K candidates are retained, and whether a tie\n"
	 "                  straddles the cut\n"
	 "  --format F      text (a table; Schulze adds the pairwise and strongest-path\n"
	 "                  matrices) or json: {method, ballots, candidates, ranking: [[names\n"
	 "                  tied first], ...], then scores {name: n} (approval, dots,\n"
	 "                  borda); pairwise {row: {column: voters preferring row to\n"
	 "                  column}} and paths {row: {column: strongest path}} (schulze);\n"
	 "                  grades, profiles {name: [voters per grade, worst first]} and\n"
	 "                  medians {name: grade number} (mj); seats {k, retained,\n"
	 "                  tied_at_cut}}\n"
	 "Exits 1 after 'fabrique tally: FILE:LINE: why' for a file it cannot read, 2 for\n"
	 "a bad option."},
	{"opinion", cmd_opinion, "map the opinions of a Pol.is conversation export",
	 "usage: fabrique opinion [--format text|json] [--seed N] DIR\n"
	 "Reads a Pol.is conversation export from DIR (docs/formats.md, \"Pol.is export\n"
	 "layout\"): comments.csv and votes.csv, or participants-votes.csv when votes.csv\n"
	 "is absent. Keeps each participant's latest vote on each comment, leaves out the\n"
	 "comments moderated out (-1), and prints the opinion map: the groups of\n"
	 "participants who vote alike, the comments that represent each group, the\n"
	 "consensus, and the group-informed consensus of every comment. When\n"
	 "participants-votes.csv is there, Pol.is' own groups are compared with ours.\n"
	 "  --seed N     k-means seed, 0 to 2^53-1 (default 0); the same files and seed\n"
	 "               give the same map\n"
	 "  --format F   text (a summary with the comments' text) or json: {seed,\n"
	 "               participants, voters, comments, comments_excluded, votes,\n"
	 "               clustered, silhouette {k: s}, groups [{id, size, center,\n"
	 "               representative [{comment, direction, n_for, n_seen, p, p_z, r,\n"
	 "               r_z, metric}]}], assignments {participant: group or null},\n"
	 "               consensus [{comment, direction, p, p_z}], repness {group: [...]},\n"
	 "               gac, divisiveness, priority {comment: value or null},\n"
	 "               projections {participant: [x, y]}, published {groups, grouped,\n"
	 "               ari}}\n"
	 "Exits 1 after 'fabrique opinion: DIR/FILE, line L, column C (NAME): why' for a\n"
	 "bad file or a message for a missing one, 2 for a bad option."},
	{"version", cmd_version, "print the version", "usage: fabrique version"},
	{"help", cmd_help, "list the commands, or explain one",
	 "usage: fabrique help [COMMAND]"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

int cli_print_usage(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, name) == 0) {
			printf("%s\n", commands[i].usage);
			if (strcmp(name, "serve") == 0 || strcmp(name, "demo") == 0) {
				printf("\nSettings (flag --key, variable FABRIQUE_KEY, or 'key = value' in the file):\n");
				const char *help, *key;
				for (int k = 0; (key = config_key(k, &help)); k++)
					printf("  %-16s %s\n", key, help);
			}
			return 0;
		}
	}
	return -1;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("fabrique %s\n", FABRIQUE_VERSION);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 1) {
		if (cli_print_usage(argv[1]) == 0)
			return 0;
		fprintf(stderr, "fabrique: no command '%s'; see 'fabrique help'\n", argv[1]);
		return 2;
	}
	printf("fabrique %s — collective foresight cycles\n\nusage: fabrique COMMAND [OPTIONS]\n\ncommands:\n",
	       FABRIQUE_VERSION);
	for (size_t i = 0; i < NCOMMANDS; i++)
		printf("  %-8s %s\n", commands[i].name, commands[i].summary);
	printf("\n'fabrique COMMAND --help' explains a command. Documentation: docs/ and fabrique(1).\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		cmd_help(1, argv);
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		return cmd_help(1, argv);
	if (strcmp(name, "--version") == 0)
		return cmd_version(1, argv);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, name) != 0)
			continue;
		if (cli_wants_help(argc - 1, argv + 1)) {
			cli_print_usage(name);
			return 0;
		}
		account_init();
		i18n_init();
		return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "fabrique: no command '%s'; see 'fabrique help'\n", name);
	return 2;
}
