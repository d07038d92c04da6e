/**
 * What the benchmark children run. Every twin starts its processes first;
 * each child says "ready" on a queue and waits for the "go" event, so the
 * clock covers only the work phase, as in the anchors.
 */
import fs from 'node:fs';
import type {Condition, Event, JoinableQueue, Lock, Queue, RLock, Semaphore, Value} from '../src/index.ts';

const WIDTH = 20;
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** lock-counter: `ops` × (acquire; pread counter; pwrite counter+1; release) on one fd. */
export async function lockCounter(file: string, ops: number, lock: Lock | RLock | null, ready: Queue, go: Event, done: Queue): Promise<void> {
	const fd = fs.openSync(file, 'r+');
	const buffer = Buffer.alloc(WIDTH);
	await ready.put(process.pid);
	await go.wait();
	for (let i = 0; i < ops; i++) {
		if (lock) await lock.acquire();
		fs.readSync(fd, buffer, 0, WIDTH, 0);
		fs.writeSync(fd, String(Number(buffer.toString('latin1')) + 1).padStart(WIDTH, '0'), 0);
		if (lock) await lock.release();
	}
	fs.closeSync(fd);
	await done.put(process.pid);
}

/** queue-throughput producer: puts first, first+step, … below stop. */
export async function producer(queue: Queue<number | null>, ready: Queue, go: Event, first: number, step: number, stop: number): Promise<void> {
	await ready.put(process.pid);
	await go.wait();
	for (let i = first; i < stop; i += step) await queue.put(i);
}

/** queue-throughput consumer: gets until the null sentinel, then reports [stamp ms, items]. */
export async function consumer(queue: Queue<number | null>, ready: Queue, results: Queue): Promise<void> {
	const got: number[] = [];
	await ready.put(process.pid);
	for (;;) {
		const item = await queue.get();
		if (item === null) break;
		got.push(item);
	}
	await results.put([nowMs(), got]);
}

/** joinable-queue consumer: get → taskDone until the sentinel; reports [count, sum]. */
export async function joinableConsumer(queue: JoinableQueue<number | null>, ready: Queue, results: Queue): Promise<void> {
	let count = 0;
	let total = 0;
	await ready.put(process.pid);
	for (;;) {
		const item = await queue.get();
		if (item === null) {
			await queue.taskDone();
			break;
		}
		count++;
		total += item;
		await queue.taskDone();
	}
	await results.put([count, total]);
}

/** event-latency responder: wait ping, clear ping, set pong. */
export async function responder(ping: Event, pong: Event, rounds: number): Promise<void> {
	for (let i = 0; i < rounds; i++) {
		await ping.wait();
		await ping.clear();
		await pong.set();
	}
}

/** condition-latency: holding the lock, `rounds` times notify the main process, then wait for its notify. */
export async function conditionResponder(cond: Condition, rounds: number): Promise<void> {
	await cond.withLock(async () => {
		for (let i = 0; i < rounds; i++) {
			await cond.notify();
			if (!(await cond.wait({timeout: 60_000}))) throw new Error(`round ${i}: no notify within 60 s`);
		}
	});
}

/** semaphore: `ops` acquire/release cycles; the broker counts holders and their peak. */
export async function semaphoreWorker(semaphore: Semaphore, ops: number, ready: Queue, go: Event, done: Queue): Promise<void> {
	await ready.put(process.pid);
	await go.wait();
	for (let i = 0; i < ops; i++) {
		await semaphore.acquire();
		await semaphore.release();
	}
	await done.put(process.pid);
}

/** value-counter: `ops` × `value.value += 1`, each under `value.getLock()` (Python's `with v.get_lock():`) when `locked`. */
export async function valueCounter(value: Value<'i'>, ops: number, locked: boolean, ready: Queue, go: Event, done: Queue): Promise<void> {
	await ready.put(process.pid);
	await go.wait();
	if (locked) {
		const lock = value.getLock();
		for (let i = 0; i < ops; i++) {
			await lock.withLock(() => {
				value.value += 1;
			});
		}
	} else {
		for (let i = 0; i < ops; i++) value.value += 1;
	}
	await done.put(process.pid);
}

/** spawn: the empty target. */
export function noop(): void {}

/** idle-memory: say ready, then sit idle until released. */
export async function idle(ready: Queue, release: Event): Promise<void> {
	await ready.put(process.pid);
	await release.wait();
}
