#!/usr/bin/python3
"""bench/turns_timer.py - wall time of short commands, interleaved, to the millisecond.

    turns_timer.py RUNS WARMUP -- NAME CMD... [-- NAME CMD...]...

Runs each command RUNS times after WARMUP untimed runs, in turns whose order
rotates (A B C, B C A, C A B, ...), so that a machine that slows down or
speeds up during the measurement affects every command alike, and none is
always first after the previous turn. Prints one line per command:

    NAME best_s median_s exit_code paired

where paired is the median over the turns of this command's time over the
first command's time in the same turn (1 for the first command).

(Named turns_timer.py, not timeit.py: a file named like a standard module
in the script's directory shadows it for every import, and matplotlib's
savefig in peer_pandas.py imports the real timeit.)

Peak memory is not measured here (a vfork child reports its parent's);
run.sh takes it from GNU time. GNU time's 10 ms resolution is too coarse for a run of a tenth of a second;
this uses time.perf_counter() around posix_spawn and wait (the start of the
command is inside the measured time, as it is for a user).
"""
import os
import statistics
import sys
import time


def parse(argv):
    runs, warmup = int(argv[1]), int(argv[2])
    cmds, cur = [], None
    for a in argv[3:]:
        if a == "--":
            cur = []
            cmds.append(cur)
        else:
            cur.append(a)
    return runs, warmup, [(c[0], c[1:]) for c in cmds if len(c) >= 2]


def run_once(cmd):
    # posix_spawn (vfork-like in glibc) rather than fork: forking the Python
    # interpreter itself would add milliseconds to every measurement.
    devnull = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    t0 = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=devnull)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - t0
    return elapsed, os.waitstatus_to_exitcode(status)


def main():
    runs, warmup, cmds = parse(sys.argv)
    for _ in range(warmup):
        for _, cmd in cmds:
            run_once(cmd)
    times = {name: [] for name, _ in cmds}
    code = {name: 0 for name, _ in cmds}
    for turn in range(runs):
        k = turn % len(cmds)
        for name, cmd in cmds[k:] + cmds[:k]:
            s, rc = run_once(cmd)
            times[name].append(s)
            code[name] = rc
    first = times[cmds[0][0]]
    for name, _ in cmds:
        paired = statistics.median(t / f for t, f in zip(times[name], first))
        print(f"{name} {min(times[name]):.4f} {statistics.median(times[name]):.4f} "
              f"{code[name]} {paired:.3f}")


if __name__ == "__main__":
    main()
