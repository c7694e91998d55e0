// SPDX-License-Identifier: GPL-2.0-only
/*
 * Poisoning of exited objects: a poisoned object is filled with 0x6b and,
 * under AddressSanitizer, any access to it aborts the process; the next
 * sim_reset() makes it usable again.
 */
#define SIM_KFILE "tests/unit/test_poison.c"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "toys.h"

struct toy_task {
	int pid;
	int state;
	char comm[16];
};

static struct toy_task tasks[4];

static void fresh(void)
{
	struct sim_opts o = { .nr_cpus = 2 };

	sim_reset(&o);
	memset(tasks, 0, sizeof(tasks));
	tasks[1].pid = 42;
}

static void exit_task(void *arg)
{
	(void)arg;
	sim_poison(&tasks[1], sizeof(tasks[1]));
}

static void setup_exit(void)
{
	memset(tasks, 0, sizeof(tasks));
	tasks[1].pid = 42;
	sim_queue_work(0, exit_task, NULL, "exit");
}

TEST(poison_and_reset,
     "An exited task is poisoned during a run, and sim_reset() returns it to use.")
{
	const struct sim_outcome *o = toy_run(setup_exit, 2, NULL, 0);

	CHECK(o->result == SIM_CLEAN);
	CHECK(sim_is_poisoned(&tasks[1]));
	CHECK(!sim_is_poisoned(&tasks[0]));
	fresh();
	CHECK(!sim_is_poisoned(&tasks[1]));
	CHECK(tasks[1].pid == 42);
	tasks[1].state = 3;	/* usable again, even under ASan */
	CHECK(tasks[1].state == 3);
}

static void double_exit(void *arg)
{
	(void)arg;
	sim_poison(&tasks[1], sizeof(tasks[1]));
	sim_poison(&tasks[1], sizeof(tasks[1]));
}

static void setup_double(void)
{
	sim_queue_work(0, double_exit, NULL, "double-exit");
}

TEST(poison_twice_is_a_finding,
     "Poisoning an object twice (a double exit or free) is a finding.")
{
	const struct sim_outcome *o = toy_run(setup_double, 2, NULL, 0);

	CHECK_STR_EQ(o->id, "SIM:double-poison");
}

static volatile int sink;

static void stale_read(void *arg)
{
	struct toy_task *p = arg;	/* a stale reference to the exited task */

	sink = p->pid;
}

static void setup_stale(void)
{
	memset(tasks, 0, sizeof(tasks));
	tasks[1].pid = 42;
	sim_queue_work(0, exit_task, NULL, "exit");
	sim_queue_work(0, stale_read, &tasks[1], "stale-read");
}

TEST(poison_stale_access_caught,
     "Reading an exited task is caught: under ASan the process dies with use-after-poison, otherwise it reads the 0x6b poison pattern.")
{
#if SIM_ASAN
	int pipefd[2], status;
	char out[8192] = "";
	ssize_t n, total = 0;
	pid_t pid;

	CHECK(pipe(pipefd) == 0);
	fflush(stdout);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		toy_run(setup_stale, 2, NULL, 0);
		_exit(0);	/* not reached if ASan catches it */
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], out + total, sizeof(out) - 1 - (size_t)total)) > 0)
		total += n;
	out[total] = 0;
	close(pipefd[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK_MSG(!(WIFEXITED(status) && WEXITSTATUS(status) == 0),
		  "the stale read went unnoticed");
	CHECK_STR_CONTAINS(out, "use-after-poison");
	CHECK_STR_CONTAINS(out, "stale_read");
#else
	const struct sim_outcome *o = toy_run(setup_stale, 2, NULL, 0);

	CHECK(o->result == SIM_CLEAN);
	CHECK(sink == 0x6b6b6b6b);
#endif
}
