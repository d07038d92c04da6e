/** Waiting in tests: polls and safety bounds that guard against hangs, never timing assertions. */
import assert from 'node:assert/strict';
import type {Queue} from '../../src/index.ts';

/** Poll until `check()` holds; `bound` ms is a safety net against hangs, never a timing assertion. */
export async function until(check: () => boolean, what: string, bound = 10_000): Promise<void> {
	const deadline = Date.now() + bound;
	while (!check()) {
		if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/** Poll until the asynchronous `check()` holds (a broker's `info()`); `bound` ms is a safety net, never a timing assertion. */
export async function untilAsync(check: () => Promise<boolean>, what: string, bound = 10_000): Promise<void> {
	const deadline = Date.now() + bound;
	while (!(await check())) {
		if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/** Let pending I/O and broker replies run (used before asserting that a promise is still pending). */
export async function settle(turns = 20): Promise<void> {
	for (let i = 0; i < turns; i++) await new Promise(resolve => setImmediate(resolve));
}

/** Track whether a promise has settled, without awaiting it. */
export function tracked<T>(promise: Promise<T>): {promise: Promise<T>; readonly settled: boolean} {
	let settled = false;
	const wrapped = promise.finally(() => {
		settled = true;
	});
	wrapped.catch(() => {});
	return {
		promise: wrapped,
		get settled() {
			return settled;
		},
	};
}

/** Take `n` items from a queue (with a generous safety bound per item). */
export async function take<T>(queue: Queue, n: number): Promise<T[]> {
	const items: T[] = [];
	for (let i = 0; i < n; i++) items.push((await queue.get({timeout: 20_000})) as T);
	return items;
}
