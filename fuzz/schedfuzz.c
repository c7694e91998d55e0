// SPDX-License-Identifier: GPL-2.0-only
/*
 * schedfuzz.c - bin/schedfuzz, the one user-facing command.  The port is
 * built once per variant (a compile-time choice), so the verbs live in
 * libexec/schedfuzz-<variant> next to this binary's folder; this driver
 * finds --variant V (default: fixed) and runs that build with the same
 * arguments.  See tool.c for the verbs.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_VARIANT	"fixed"

/* The folder holding this executable, following symbolic links. */
static bool self_dir(const char *argv0, char *dir, size_t len)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n > 0) {
		path[n] = '\0';
	} else if (strchr(argv0, '/') && realpath(argv0, path)) {
		;
	} else {
		return false;
	}
	slash = strrchr(path, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return (size_t)snprintf(dir, len, "%s", path) < len;
}

static void list_variants(const char *libexec)
{
	static char names[32][256];
	DIR *d = opendir(libexec);
	struct dirent *e;
	int n = 0, i, j;

	fprintf(stderr, "schedfuzz: built variants:");
	if (d) {
		while ((e = readdir(d)) && n < 32)
			if (!strncmp(e->d_name, "schedfuzz-", 10))
				snprintf(names[n++], sizeof(names[0]), "%s", e->d_name + 10);
		closedir(d);
	}
	for (i = 1; i < n; i++)	/* sorted, for a stable message */
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char t[256];

			memcpy(t, names[j], sizeof(t));
			memcpy(names[j], names[j - 1], sizeof(t));
			memcpy(names[j - 1], t, sizeof(t));
		}
	for (i = 0; i < n; i++)
		fprintf(stderr, " %s", names[i]);
	fprintf(stderr, "%s\n", n ? "" : " none (run ./build.sh build)");
}

int main(int argc, char **argv)
{
	const char *variant = DEFAULT_VARIANT;
	char dir[PATH_MAX], libexec[PATH_MAX + 16], exe[PATH_MAX + 64];
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--variant") && i + 1 < argc)
			variant = argv[i + 1];
		else if (!strncmp(argv[i], "--variant=", 10))
			variant = argv[i] + 10;
	}
	if (!self_dir(argv[0], dir, sizeof(dir))) {
		fprintf(stderr, "schedfuzz: cannot find my own folder\n");
		return 2;
	}
	snprintf(libexec, sizeof(libexec), "%s/../libexec", dir);
	if (!*variant || strchr(variant, '/')) {
		fprintf(stderr, "schedfuzz: '%s' is not a variant name\n", variant);
		list_variants(libexec);
		return 2;
	}
	snprintf(exe, sizeof(exe), "%s/schedfuzz-%s", libexec, variant);
	if (access(exe, X_OK)) {
		fprintf(stderr, "schedfuzz: unknown variant '%s' (no %s)\n", variant, exe);
		list_variants(libexec);
		return 2;
	}
	argv[0] = "schedfuzz";
	execv(exe, argv);
	fprintf(stderr, "schedfuzz: cannot run %s: %s\n", exe, strerror(errno));
	return 2;
}
