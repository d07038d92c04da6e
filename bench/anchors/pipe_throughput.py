"""Anchor for bench/pipe-throughput.ts: one-way stream of small messages over a multiprocessing.Pipe.

The parent sends 0..N-1, then None; the child answers a hello first, then
receives everything and sends back how many came and their sum. The clock
runs from the first send to that answer.
"""
import argparse
import json
import multiprocessing
import time


def sink(conn):
    conn.send(conn.recv())
    n = 0
    total = 0
    while True:
        value = conn.recv()
        if value is None:
            break
        n += 1
        total += value
    conn.send((n, total))


def main():
    parser = argparse.ArgumentParser(description='multiprocessing.Pipe one-way throughput')
    parser.add_argument('--messages', type=int, default=200000, help='messages to send')
    args = parser.parse_args()

    mp = multiprocessing.get_context('fork')
    mine, theirs = mp.Pipe()
    child = mp.Process(target=sink, args=(theirs,))
    child.start()
    theirs.close()
    mine.send('hello')
    hello = mine.recv()

    t = time.perf_counter()
    for i in range(args.messages):
        mine.send(i)
    mine.send(None)
    n, total = mine.recv()
    seconds = time.perf_counter() - t
    child.join()

    print(json.dumps({
        'bench': 'pipe-throughput',
        'impl': 'python-multiprocessing.Pipe',
        'messages': args.messages,
        'msgs_per_s': round(args.messages / seconds),
        'seconds': round(seconds, 4),
        'correct': child.exitcode == 0 and hello == 'hello' and n == args.messages and total == args.messages * (args.messages - 1) // 2,
    }))


if __name__ == '__main__':
    main()
