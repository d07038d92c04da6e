"""Anchor for bench/pipe-pingpong.ts: ping-pong over a multiprocessing.Pipe.

One round in the parent: t = now; conn.send(i); conn.recv(). The child
sends back every value until None. R timed rounds follow 2000 untimed ones;
the round-trip times are reported in microseconds.
"""
import argparse
import json
import multiprocessing
import statistics
import time

# Same untimed rounds as the twin, which needs them for V8 to compile its hot path.
WARMUP = 2000


def echo(conn):
    while True:
        value = conn.recv()
        if value is None:
            return
        conn.send(value)


def percentile(ordered, q):
    # The rule bench/common.ts pct() uses: the element at floor(q * n).
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description='multiprocessing.Pipe round trip')
    parser.add_argument('--rounds', type=int, default=10000, help='timed rounds')
    args = parser.parse_args()

    mp = multiprocessing.get_context('fork')
    mine, theirs = mp.Pipe()
    child = mp.Process(target=echo, args=(theirs,))
    child.start()
    theirs.close()

    rtts = []
    echoed = 0
    for i in range(WARMUP + args.rounds):
        t = time.perf_counter()
        mine.send(i)
        if mine.recv() == i:
            echoed += 1
        if i >= WARMUP:
            rtts.append(time.perf_counter() - t)
    mine.send(None)
    child.join()

    us = sorted(s * 1e6 for s in rtts)
    print(json.dumps({
        'bench': 'pipe-pingpong',
        'impl': 'python-multiprocessing.Pipe',
        'rounds': args.rounds,
        'median_rtt_us': round(statistics.median(us), 1),
        'p90_rtt_us': round(percentile(us, 0.9), 1),
        'p99_rtt_us': round(percentile(us, 0.99), 1),
        'min_rtt_us': round(us[0], 1),
        'correct': child.exitcode == 0 and len(us) == args.rounds and echoed == WARMUP + args.rounds,
    }))


if __name__ == '__main__':
    main()
