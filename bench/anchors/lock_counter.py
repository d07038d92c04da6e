"""Anchor for bench/lock-counter.ts: a file counter behind multiprocessing.Lock
(--rlock: multiprocessing.RLock).

N processes each do K rounds of: take the lock, read the 20-byte
zero-padded counter at offset 0, write it back plus one, release. With the
lock the file ends at exactly N*K; --no-lock shows the updates a race loses.
The clock runs from the barrier every worker and the parent meet at to the
parent's last "done", so start-up and exit stay out of it.
"""
import argparse
import json
import multiprocessing
import os
import tempfile
import time

WIDTH = 20  # the same record as the TypeScript twin, rewritten in place


def bump(fd):
    value = int(os.pread(fd, WIDTH, 0))
    os.pwrite(fd, str(value + 1).zfill(WIDTH).encode(), 0)


def work(path, ops, lock, start, done):
    fd = os.open(path, os.O_RDWR)
    start.wait()
    for _ in range(ops):
        if lock is None:
            bump(fd)
        else:
            with lock:
                bump(fd)
    os.close(fd)
    done.put(os.getpid())


def main():
    parser = argparse.ArgumentParser(description='file counter behind multiprocessing.Lock')
    parser.add_argument('--procs', type=int, default=4)
    parser.add_argument('--ops', type=int, default=5000, help='increments per process')
    parser.add_argument('--no-lock', action='store_true', help='race on purpose')
    parser.add_argument('--rlock', action='store_true', help='an RLock instead of a Lock')
    args = parser.parse_args()

    # fork explicitly: Python 3.14 makes forkserver the Linux default.
    mp = multiprocessing.get_context('fork')
    folder = tempfile.mkdtemp(prefix='bench-anchor-lock-')
    path = os.path.join(folder, 'counter.db')
    with open(path, 'wb') as f:
        f.write(b'0' * WIDTH)
    lock = None if args.no_lock else (mp.RLock() if args.rlock else mp.Lock())
    start = mp.Barrier(args.procs + 1)
    done = mp.SimpleQueue()
    workers = [mp.Process(target=work, args=(path, args.ops, lock, start, done)) for _ in range(args.procs)]

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

    with open(path, 'rb') as f:
        final = int(f.read())
    os.remove(path)
    os.rmdir(folder)

    expected = args.procs * args.ops
    print(json.dumps({
        'bench': 'lock-counter',
        'impl': 'python-multiprocessing' + ('-nolock' if args.no_lock else '-rlock' if args.rlock else ''),
        'procs': args.procs,
        'ops': expected,
        'seconds': round(t1 - t0, 4),
        'ops_per_s': round(expected / (t1 - t0), 1),
        'final': final,
        'lost': expected - final,
        'correct': final == expected and all(w.exitcode == 0 for w in workers),
        'wall_seconds_incl_spawn': round(wall, 4),
    }))


if __name__ == '__main__':
    main()
