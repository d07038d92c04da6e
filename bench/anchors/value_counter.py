"""Anchor for bench/value-counter.ts: a shared multiprocessing.Value('i') counter.

N processes each do K rounds of `with v.get_lock(): v.value += 1`. The
count must end at exactly N*K; --no-lock does the bare `v.value += 1` and
shows the updates the race loses. Every worker says "ready" and waits for
the "go" event; the clock starts before the parent sets it and stops at the
last "done", so start-up and exit stay out of it, and no worker can start
before the clock does (a run of a few milliseconds would otherwise be over
before a parent leaving a barrier read its clock).
"""
import argparse
import json
import multiprocessing
import time


def work(value, ops, locked, ready, go, done):
    ready.put(1)
    go.wait()
    if locked:
        lock = value.get_lock()
        for _ in range(ops):
            with lock:
                value.value += 1
    else:
        for _ in range(ops):
            value.value += 1
    done.put(1)


def main():
    parser = argparse.ArgumentParser(description='shared Value counter under its lock')
    parser.add_argument('--procs', type=int, default=4)
    parser.add_argument('--ops', type=int, default=5000, help='increments per process')
    parser.add_argument('--no-lock', action='store_true', help='race on purpose')
    args = parser.parse_args()

    # fork explicitly: Python 3.14 makes forkserver the Linux default.
    mp = multiprocessing.get_context('fork')
    value = mp.Value('i', 0)
    ready = mp.SimpleQueue()
    go = mp.Event()
    done = mp.SimpleQueue()
    workers = [mp.Process(target=work, args=(value, args.ops, not args.no_lock, ready, go, done)) for _ in range(args.procs)]

    wall = time.perf_counter()
    for w in workers:
        w.start()
    for _ in workers:
        ready.get()
    t0 = time.perf_counter()
    go.set()
    for _ in workers:
        done.get()
    t1 = time.perf_counter()
    for w in workers:
        w.join()
    wall = time.perf_counter() - wall

    final = value.value
    expected = args.procs * args.ops
    print(json.dumps({
        'bench': 'value-counter',
        'impl': 'python-multiprocessing' + ('-nolock' if args.no_lock else ''),
        'procs': args.procs,
        'ops': expected,
        'seconds': round(t1 - t0, 4),
        'ops_per_s': round(expected / (t1 - t0), 1),
        'final': final,
        'lost': expected - final,
        'correct': (final == expected if not args.no_lock else final <= expected) and all(w.exitcode == 0 for w in workers),
        'wall_seconds_incl_spawn': round(wall, 4),
    }))


if __name__ == '__main__':
    main()
