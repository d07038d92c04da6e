"""Anchor for bench/event-latency.ts: ping-pong between two multiprocessing.Event.

One round in the parent: t = now; ping.set(); pong.wait(); pong.clear().
The child waits on ping, clears it, then sets pong, so neither side can see
a flag left over from the round before. R timed rounds follow 100 untimed
ones; the round-trip times are reported in microseconds.
"""
import argparse
import json
import multiprocessing
import statistics
import time

WARMUP = 100


def respond(ping, pong, rounds):
    for _ in range(rounds):
        ping.wait()
        ping.clear()
        pong.set()


def percentile(ordered, q):
    # The rule bench/common.ts pct() uses: the element at floor(q * n).
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description='multiprocessing.Event round trip')
    parser.add_argument('--rounds', type=int, default=2000, help='timed rounds')
    args = parser.parse_args()

    mp = multiprocessing.get_context('fork')
    ping, pong = mp.Event(), mp.Event()
    child = mp.Process(target=respond, args=(ping, pong, WARMUP + args.rounds))
    child.start()

    rtts = []
    for i in range(WARMUP + args.rounds):
        t = time.perf_counter()
        ping.set()
        pong.wait()
        pong.clear()
        if i >= WARMUP:
            rtts.append(time.perf_counter() - t)
    child.join()

    us = sorted(s * 1e6 for s in rtts)
    print(json.dumps({
        'bench': 'event-latency',
        'impl': 'python-multiprocessing.Event',
        'rounds': args.rounds,
        'median_rtt_us': round(statistics.median(us), 1),
        'p90_rtt_us': round(percentile(us, 0.9), 1),
        'p99_rtt_us': round(percentile(us, 0.99), 1),
        'min_rtt_us': round(us[0], 1),
        'mean_rtt_us': round(statistics.fmean(us), 1),
        'seconds': round(sum(rtts), 4),
        'correct': child.exitcode == 0 and len(us) == args.rounds,
    }))


if __name__ == '__main__':
    main()
