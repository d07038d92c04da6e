"""Anchor for bench/barrier.ts: P processes pass one multiprocessing.Barrier(P) C times.

Each worker counts how often each index came back from wait(); over the run
every index must come back exactly C times in all. Workers say ready on a
queue and wait for a "go" Event; the clock runs from go to the last "done".
"""
import argparse
import json
import multiprocessing
import time


def work(barrier, cycles, ready, go, done):
    counts = [0] * barrier.parties
    ready.put(1)
    go.wait()
    for _ in range(cycles):
        counts[barrier.wait()] += 1
    done.put(counts)


def main():
    parser = argparse.ArgumentParser(description='multiprocessing.Barrier cycle rate')
    parser.add_argument('--parties', type=int, default=4)
    parser.add_argument('--cycles', type=int, default=2000)
    args = parser.parse_args()

    mp = multiprocessing.get_context('fork')
    barrier = mp.Barrier(args.parties)
    ready, done = mp.SimpleQueue(), mp.SimpleQueue()
    go = mp.Event()
    workers = [mp.Process(target=work, args=(barrier, args.cycles, ready, go, done)) for _ in range(args.parties)]
    for w in workers:
        w.start()
    for _ in workers:
        ready.get()
    t0 = time.perf_counter()
    go.set()
    counts = [done.get() for _ in workers]
    t1 = time.perf_counter()
    for w in workers:
        w.join()

    per_index = [sum(c[i] for c in counts) for i in range(args.parties)]
    print(json.dumps({
        'bench': 'barrier',
        'impl': 'python-multiprocessing.Barrier',
        'parties': args.parties,
        'cycles': args.cycles,
        'seconds': round(t1 - t0, 4),
        'cycles_per_s': round(args.cycles / (t1 - t0), 1),
        'correct': all(n == args.cycles for n in per_index) and not barrier.broken
                   and all(w.exitcode == 0 for w in workers),
    }))


if __name__ == '__main__':
    main()
