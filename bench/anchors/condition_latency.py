"""Anchor for bench/condition-latency.ts: ping-pong on one multiprocessing.Condition.

The condition has its default RLock. The child, holding the lock, notifies
and waits, over and over. The parent holds the lock between its waits; one
round: t = now; cond.wait(); cond.notify(). Each wait ends only when the
other side has notified and let go of the lock, so a round is a full trip
there and back. R timed rounds follow 100 untimed ones; the round-trip times
are reported in microseconds.
"""
import argparse
import json
import multiprocessing
import statistics
import time

WARMUP = 100


def respond(cond, rounds):
    with cond:
        for _ in range(rounds):
            cond.notify()
            if not cond.wait(60):
                raise SystemExit(1)


def percentile(ordered, q):
    # The rule bench/common.ts pct() uses: the element at floor(q * n).
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description='multiprocessing.Condition round trip')
    parser.add_argument('--rounds', type=int, default=2000, help='timed rounds')
    args = parser.parse_args()

    mp = multiprocessing.get_context('fork')
    cond = mp.Condition()
    total = WARMUP + args.rounds
    cond.acquire()
    child = mp.Process(target=respond, args=(cond, total))
    child.start()

    rtts = []
    notified = 0
    for i in range(total):
        t = time.perf_counter()
        if cond.wait(60):
            notified += 1
        cond.notify()
        if i >= WARMUP:
            rtts.append(time.perf_counter() - t)
    cond.release()
    child.join()

    us = sorted(s * 1e6 for s in rtts)
    print(json.dumps({
        'bench': 'condition-latency',
        'impl': 'python-multiprocessing.Condition',
        'rounds': args.rounds,
        'median_rtt_us': round(statistics.median(us), 1),
        'p90_rtt_us': round(percentile(us, 0.9), 1),
        'p99_rtt_us': round(percentile(us, 0.99), 1),
        'min_rtt_us': round(us[0], 1),
        'mean_rtt_us': round(statistics.fmean(us), 1),
        'seconds': round(sum(rtts), 4),
        'correct': child.exitcode == 0 and len(us) == args.rounds and notified == total,
    }))


if __name__ == '__main__':
    main()
