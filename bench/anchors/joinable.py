"""Anchor for bench/joinable.ts: multiprocessing.JoinableQueue with C consumers.

The parent puts 0..M-1 and calls join(), which returns once every item has
had its task_done(); the clock covers exactly that, with the consumers
already waiting in get(). Afterwards one None per consumer makes each hand
back (count, sum), which must total M and M*(M-1)/2.
"""
import argparse
import json
import multiprocessing
import time


def consume(queue, results):
    count = total = 0
    while True:
        item = queue.get()
        queue.task_done()
        if item is None:
            break
        count += 1
        total += item
    results.put((count, total))


def main():
    parser = argparse.ArgumentParser(description='multiprocessing.JoinableQueue throughput')
    parser.add_argument('--items', type=int, default=200_000)
    parser.add_argument('--consumers', type=int, default=2)
    args = parser.parse_args()
    m = args.items

    mp = multiprocessing.get_context('fork')
    queue = mp.JoinableQueue()
    results = mp.SimpleQueue()
    consumers = [mp.Process(target=consume, args=(queue, results)) for _ in range(args.consumers)]
    for proc in consumers:
        proc.start()

    t0 = time.perf_counter()
    for item in range(m):
        queue.put(item)
    queue.join()
    t1 = time.perf_counter()

    for _ in consumers:
        queue.put(None)
    reports = [results.get() for _ in consumers]
    for proc in consumers:
        proc.join()

    print(json.dumps({
        'bench': 'joinable-queue',
        'impl': 'python-multiprocessing.JoinableQueue',
        'consumers': args.consumers,
        'items': m,
        'seconds': round(t1 - t0, 4),
        'items_per_s': round(m / (t1 - t0), 1),
        'per_consumer': [count for count, _ in reports],
        'correct': sum(c for c, _ in reports) == m and sum(s for _, s in reports) == m * (m - 1) // 2,
    }))


if __name__ == '__main__':
    main()
