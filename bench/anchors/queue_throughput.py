"""Anchor for bench/queue-throughput.ts: multiprocessing.Queue, P producers to C consumers.

Producer p puts p, p+P, p+2P, ... below M. Once the producers are joined
the parent puts one None per consumer; each consumer stops at its None and
hands back a timestamp and the items it got. The clock runs from the "go"
event to the latest of those timestamps (perf_counter is CLOCK_MONOTONIC on
Linux, so stamps from different processes compare). Every item must arrive
exactly once. --maxsize 0 is unbounded; 1000 adds back-pressure.
"""
import argparse
import json
import multiprocessing
import time


def produce(queue, go, first, step, stop):
    go.wait()
    for item in range(first, stop, step):
        queue.put(item)


def consume(queue, results):
    got = []
    item = queue.get()
    while item is not None:
        got.append(item)
        item = queue.get()
    results.put((time.perf_counter(), got))


def main():
    parser = argparse.ArgumentParser(description='multiprocessing.Queue throughput')
    parser.add_argument('--items', type=int, default=200_000)
    parser.add_argument('--maxsize', type=int, default=0, help='0 = unbounded')
    parser.add_argument('--producers', type=int, default=1)
    parser.add_argument('--consumers', type=int, default=1)
    args = parser.parse_args()
    m = args.items

    mp = multiprocessing.get_context('fork')
    queue = mp.Queue(maxsize=args.maxsize)
    results = mp.Queue()
    go = mp.Event()
    producers = [mp.Process(target=produce, args=(queue, go, p, args.producers, m)) for p in range(args.producers)]
    consumers = [mp.Process(target=consume, args=(queue, results)) for _ in range(args.consumers)]
    for proc in producers + consumers:
        proc.start()

    t0 = time.perf_counter()
    go.set()
    for proc in producers:
        proc.join()
    for _ in consumers:
        queue.put(None)
    # Read the results before joining: a child exits only once its queue feeder has flushed.
    reports = [results.get() for _ in consumers]
    for proc in consumers:
        proc.join()

    t1 = max(stamp for stamp, _ in reports)
    seen = sorted(item for _, got in reports for item in got)
    print(json.dumps({
        'bench': 'queue-throughput',
        'impl': 'python-multiprocessing.Queue',
        'producers': args.producers,
        'consumers': args.consumers,
        'maxsize': args.maxsize,
        'items': m,
        'seconds': round(t1 - t0, 4),
        'items_per_s': round(m / (t1 - t0), 1),
        'per_consumer': [len(got) for _, got in reports],
        'sum_ok': sum(seen) == m * (m - 1) // 2,
        'correct': seen == list(range(m)),
    }))


if __name__ == '__main__':
    main()
