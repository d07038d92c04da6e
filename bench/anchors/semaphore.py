"""Anchor for bench/semaphore.ts: P processes x K cycles on multiprocessing.Semaphore(LIMIT).

Inside each cycle the holder count, a shared Value, goes up and down under
its own lock, and the highest count seen is kept: it must never exceed
LIMIT. The clock runs from the barrier every worker and the parent meet at
to the parent's last "done".
"""
import argparse
import json
import multiprocessing
import time


def work(sem, holders, peak, ops, start, done):
    start.wait()
    for _ in range(ops):
        with sem:
            with holders.get_lock():
                holders.value += 1
                peak.value = max(peak.value, holders.value)
            with holders.get_lock():
                holders.value -= 1
    done.put(1)


def main():
    parser = argparse.ArgumentParser(description='multiprocessing.Semaphore acquire/release rate')
    parser.add_argument('--procs', type=int, default=10)
    parser.add_argument('--ops', type=int, default=5000, help='cycles per process')
    parser.add_argument('--limit', type=int, default=4)
    args = parser.parse_args()

    mp = multiprocessing.get_context('fork')
    sem = mp.Semaphore(args.limit)
    holders = mp.Value('i', 0)
    peak = mp.Value('i', 0, lock=False)  # written only under holders' lock
    start = mp.Barrier(args.procs + 1)
    done = mp.SimpleQueue()
    workers = [mp.Process(target=work, args=(sem, holders, peak, args.ops, start, done)) for _ in range(args.procs)]
    for w in workers:
        w.start()
    start.wait()
    t0 = time.perf_counter()
    for _ in workers:
        done.get()
    t1 = time.perf_counter()
    for w in workers:
        w.join()

    total = args.procs * args.ops
    print(json.dumps({
        'bench': 'semaphore',
        'impl': 'python-multiprocessing.Semaphore',
        'procs': args.procs,
        'limit': args.limit,
        'hold_us': 0,
        'ops': total,
        'seconds': round(t1 - t0, 4),
        'ops_per_s': round(total / (t1 - t0), 1),
        'peak_holders': peak.value,
        'correct': 1 <= peak.value <= args.limit and holders.value == 0,
    }))


if __name__ == '__main__':
    main()
