import {expected} from './errors.ts';

/** Options of every blocking call. */
export interface WaitOptions {
	/** Milliseconds to wait at most; omitted = wait forever (Python's `timeout=None`). */
	timeout?: number;
}

export function checkTimeout(options: WaitOptions | undefined): number | undefined {
	const timeout = options?.timeout;
	if (timeout === undefined) return undefined;
	if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) throw expected('a number of milliseconds ≥ 0', 'timeout', timeout);
	return Number.isFinite(timeout) ? timeout : undefined;
}
