"""Anchor for bench/value-counter.ts: a shared multiprocessing.Value('i') counter.

N processes each do K rounds of `with v.get_lock(): v.value += 1`. The
count must end at exactly N*K; --no-lock does the bare `v.value += 1` and
shows the updates the race loses. The clock runs from the barrier every
worker and the parent meet at to the parent's last "done", so start-up and
exit stay out of it.
"""
import argparse
import json
import multiprocessing
import time


def work(value, ops, locked, start, done):
    start.wait()
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
    start = mp.Barrier(args.procs + 1)
    done = mp.SimpleQueue()
    workers = [mp.Process(target=work, args=(value, args.ops, not args.no_lock, start, done)) for _ in range(args.procs)]

    wall = time.perf_counter()
    for w in workers:
        w.start()
    start.wait()
    t0 = time.perf_counter()
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
