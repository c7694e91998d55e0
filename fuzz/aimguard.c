// SPDX-License-Identifier: GPL-2.0-only
/*
 * aimguard.c - the aimer run in a child process.
 *
 * The AFL++ mutator .so aims choice streams (aim.c) by running the
 * simulator inside afl-fuzz.  A simulator bug that crashes the host (a
 * segfault, not a finding: findings stop a run cleanly) or loops would
 * then take the whole campaign down.  So the .so forks a child at start-up
 * and runs each aim there: the program goes over a socket in its byte
 * encoding, and the aimed program comes back the same way.  A child that
 * dies or does not answer within the timeout costs that one aim: it is
 * reaped, the mutation goes out un-aimed (the target then runs the same
 * program, so on the campaign's port the crash is the engine's to keep),
 * and the next call starts a new child.  After AIM_GUARD_MAX_FAILURES
 * failures aiming stops for good.
 *
 * The child is a fork of the engine at start-up, so it runs the very same
 * aimer: aimed results are the ones an in-process call gives.  It dies
 * with the engine (PR_SET_PDEATHSIG, and end of file on its socket).
 *
 * This is the engine's side: nothing here is on a judged run's path.
 */
#define _GNU_SOURCE	/* close_range() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aimguard.h"

/* Request: r (8 bytes), length (4), the program's bytes.  Reply: accepted
 * (1), length (4), the aimed program's bytes (none when declined). */
#define GUARD_REQ_HDR	12
#define GUARD_REP_HDR	5

static struct {
	bool (*aim)(struct program *p, uint64_t r);
	unsigned int timeout_ms;
	pid_t pid;		/* 0: no child now */
	int fd;
	bool off;		/* not started, or given up */
	unsigned long failures;
	struct aim_guard_stats st;
	uint8_t buf[GUARD_REQ_HDR + PROG_MAX_ENCODED];
	struct program prog;	/* the child's */
} g = { .fd = -1, .off = true };

static bool guard_write(int fd, const uint8_t *b, size_t n)
{
	while (n) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		b += w;
		n -= (size_t)w;
	}
	return true;
}

/* Read n bytes; with a timeout (ms, 0 for none) the wait for each part is
 * bounded.  *hung says the peer was alive but silent. */
static bool guard_read(int fd, uint8_t *b, size_t n, unsigned int timeout_ms, bool *hung)
{
	while (n) {
		ssize_t r;

		if (timeout_ms) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			int k = poll(&pfd, 1, (int)timeout_ms);

			if (k < 0 && errno == EINTR)
				continue;
			if (k == 0) {
				*hung = true;
				return false;
			}
			if (k < 0)
				return false;
		}
		r = recv(fd, b, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		b += r;
		n -= (size_t)r;
	}
	return true;
}

static void put_u32(uint8_t *b, uint32_t v)
{
	memcpy(b, &v, sizeof(v));
}

static uint32_t get_u32(const uint8_t *b)
{
	uint32_t v;

	memcpy(&v, b, sizeof(v));
	return v;
}

static void __attribute__((noreturn)) guard_serve(int fd)
{
	bool hung = false;

	for (;;) {
		uint64_t r;
		uint32_t n;
		bool ok;

		if (!guard_read(fd, g.buf, GUARD_REQ_HDR, 0, &hung))
			_exit(0);	/* the engine is gone */
		memcpy(&r, g.buf, sizeof(r));
		n = get_u32(g.buf + 8);
		if (n > PROG_MAX_ENCODED || !guard_read(fd, g.buf, n, 0, &hung))
			_exit(2);
		prog_decode(&g.prog, g.buf, n);
		ok = g.aim(&g.prog, r);
		n = ok ? (uint32_t)prog_encode(&g.prog, g.buf + GUARD_REP_HDR) : 0;
		g.buf[0] = ok;
		put_u32(g.buf + 1, n);
		if (!guard_write(fd, g.buf, GUARD_REP_HDR + n))
			_exit(0);
	}
}

static bool guard_spawn(void)
{
	pid_t parent = getpid(), pid;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return false;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return false;
	}
	if (pid == 0) {
		close(sv[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		/* A terminal's ^C is the engine's to handle: the child goes
		 * when the engine does.  The engine's other handlers (which
		 * stop its fork server) are not the child's to run. */
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		/* Keep none of the engine's other files (its fork server's
		 * pipes, its output files) open. */
		if (sv[1] != 3) {
			if (dup2(sv[1], 3) < 0)
				_exit(2);
			sv[1] = 3;
		}
		close_range(4, ~0U, 0);
		guard_serve(sv[1]);
	}
	close(sv[1]);
	g.fd = sv[0];
	g.pid = pid;
	g.st.starts++;
	return true;
}

/* Kill (if it still runs) and reap the child; its status. */
static int guard_kill(void)
{
	int status = 0;

	kill(g.pid, SIGKILL);
	close(g.fd);
	while (waitpid(g.pid, &status, 0) < 0 && errno == EINTR)
		;
	g.fd = -1;
	g.pid = 0;
	return status;
}

/* A call failed: the child hung, died, or answered nonsense. */
static void guard_reap(bool hung)
{
	int status = guard_kill();

	if (hung) {
		g.st.hangs++;
		fprintf(stderr, "schedfuzz mutator: the aimer took over %u ms on a program: killed,"
			" the mutation goes out un-aimed\n", g.timeout_ms);
	} else {
		g.st.crashes++;
		if (WIFSIGNALED(status))
			fprintf(stderr, "schedfuzz mutator: the aimer died of signal %d on a program"
				" (a simulator bug): the mutation goes out un-aimed\n", WTERMSIG(status));
		else
			fprintf(stderr, "schedfuzz mutator: the aimer exited (status %d) on a program:"
				" the mutation goes out un-aimed\n", WEXITSTATUS(status));
	}
	if (++g.failures >= AIM_GUARD_MAX_FAILURES) {
		g.off = true;
		fprintf(stderr, "schedfuzz mutator: %lu aimer failures: no more aiming\n", g.failures);
	}
}

bool aim_guard_start(bool (*aim)(struct program *p, uint64_t r), unsigned int timeout_ms)
{
	aim_guard_stop();
	memset(&g.st, 0, sizeof(g.st));
	g.aim = aim;
	g.timeout_ms = timeout_ms ? timeout_ms : 1;
	g.failures = 0;
	g.off = !aim || !guard_spawn();
	return !g.off;
}

bool aim_guarded(struct program *p, uint64_t r)
{
	bool hung = false, ok;
	uint32_t n;

	if (g.off)
		return false;
	if (!g.pid && !guard_spawn()) {
		/* No process to be had (fork failing): counted, so that it is
		 * not tried on every call for good. */
		if (++g.failures >= AIM_GUARD_MAX_FAILURES)
			g.off = true;
		return false;
	}
	g.st.calls++;
	n = (uint32_t)prog_encode(p, g.buf + GUARD_REQ_HDR);
	memcpy(g.buf, &r, sizeof(r));
	put_u32(g.buf + 8, n);
	if (!guard_write(g.fd, g.buf, GUARD_REQ_HDR + n) ||
	    !guard_read(g.fd, g.buf, GUARD_REP_HDR, g.timeout_ms, &hung) ||
	    (n = get_u32(g.buf + 1)) > PROG_MAX_ENCODED ||
	    !guard_read(g.fd, g.buf + GUARD_REP_HDR, n, g.timeout_ms, &hung)) {
		guard_reap(hung);
		return false;
	}
	ok = g.buf[0];
	if (ok)
		prog_decode(p, g.buf + GUARD_REP_HDR, n);
	return ok;
}

void aim_guard_stop(void)
{
	if (g.pid)
		guard_kill();
	g.off = true;
}

const struct aim_guard_stats *aim_guard_stats(void)
{
	return &g.st;
}
