# SPDX-License-Identifier: GPL-2.0-only
#
# tests/lib.sh - what the shell test scripts share; source it after cd'ing
# to the repository root.  Gives $sf (bin/schedfuzz: build/san unless
# SCHEDFUZZ names another build), a scratch folder $tmp removed at exit,
# the counters, t() and the closing tally().

sf=${SCHEDFUZZ:-build/san/bin/schedfuzz}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# t NAME "goal" COMMAND...: the command's success is the test's.
t() {
	local name=$1 goal=$2
	shift 2
	if "$@" >"$tmp/out" 2>&1; then
		echo "PASS $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name ($goal)"
		sed 's/^/    /' "$tmp/out" | tail -n 25
		failed=$((failed + 1))
	fi
}

# The last line every test script prints, and its exit status.
tally() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
