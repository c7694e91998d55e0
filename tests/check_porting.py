#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Every kernel function the port must have (issue: sim/kernel port) is
defined under its kernel name in sim/kernel/ and has a row in
docs/porting.md.  Prints PASS/FAIL lines."""
import re, sys, glob

REQUIRED = """
put_prev_set_next_task put_prev_task set_next_task double_lock_balance
double_rq_lock task_rq_lock
__schedule try_to_block_task block_task __block_task pick_next_task
__pick_next_task prev_balance find_proxy_task proxy_migrate_task
proxy_deactivate proxy_resched_idle proxy_needs_return try_to_wake_up
ttwu_runnable ttwu_do_activate ttwu_queue sched_ttwu_pending select_task_rq
set_task_cpu proxy_set_task_cpu move_queued_task activate_task
deactivate_task attach_one_task wakeup_preempt resched_curr
queue_balance_callback zap_balance_callbacks __balance_callbacks
context_switch finish_task_switch sched_tick wake_up_new_task do_task_dead
__sched_setscheduler __set_cpus_allowed_ptr
enqueue_task_fair dequeue_task_fair update_curr place_entity pick_eevdf
pick_task_fair pick_next_task_fair put_prev_task_fair set_next_task_fair
wakeup_preempt_fair task_tick_fair select_task_rq_fair
sched_balance_newidle sched_balance_rq can_migrate_task
enqueue_task_rt dequeue_task_rt pick_task_rt put_prev_task_rt
set_next_task_rt balance_rt pull_rt_task push_rt_task push_rt_tasks
find_lowest_rq task_woken_rt select_task_rq_rt
enqueue_task_dl dequeue_task_dl update_curr_dl pick_task_dl put_prev_task_dl
set_next_task_dl balance_dl pull_dl_task push_dl_task task_woken_dl
select_task_rq_dl dl_task_timer
pick_task_idle balance_idle put_prev_task_idle set_next_task_idle
pick_task_stop balance_stop
mutex_lock mutex_lock_killable mutex_lock_interruptible mutex_unlock
__mutex_lock_common __mutex_unlock_slowpath
""".split()

src = {}
for f in sorted(glob.glob("sim/kernel/*.[ch]")):
    src[f] = open(f).read().splitlines()
table = open("docs/porting.md").read()

failed = 0
for name in REQUIRED:
    pat = re.compile(r'^(?!\s)(?!#)(?:[^;=]*[\s*])?' + re.escape(name) + r'\s*\([^;]*$')
    where = [f for f, lines in src.items() if any(pat.match(l) for l in lines)]
    if not where:
        print(f"FAIL port-defines-{name}: no definition in sim/kernel/")
        failed += 1
        continue
    if f"`{name}`" not in table:
        print(f"FAIL porting-table-has-{name}: no row in docs/porting.md")
        failed += 1
        continue
print(f"{'PASS' if not failed else 'FAIL'} porting-table ({len(REQUIRED)} functions, {failed} missing)")
sys.exit(1 if failed else 0)
