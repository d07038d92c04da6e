import {expected, TimeoutError} from '../errors.ts';

/** Options of every blocking call. */
export interface WaitOptions {
	/** Milliseconds to wait at most; omitted = wait forever (Python's `timeout=None`). */
	timeout?: number;
}

/** True once the wait is over: false if it ran out of time (the broker's TIMEOUT), as Python's `acquire(timeout=…)` returns. */
export function orFalse(wait: Promise<unknown>): Promise<boolean> {
	return wait.then(
		() => true,
		(error: unknown) => {
			if (error instanceof TimeoutError) return false;
			throw error;
		},
	);
}

/** The longest delay a Node timer takes (about 24.8 days): a longer timeout is as good as none. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A valid timeout in ms, or undefined for "wait forever" (none given, Infinity, or beyond what a timer takes). */
export function checkTimeout(options: WaitOptions | undefined): number | undefined {
	const timeout = options?.timeout;
	if (timeout === undefined) return undefined;
	if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) throw expected('a number of milliseconds ≥ 0', 'timeout', timeout);
	return timeout <= MAX_TIMER_MS ? timeout : undefined;
}
