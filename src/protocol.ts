/**
 * Messages between a process and the broker in the run's main process.
 * Children send batches (arrays) over their fork IPC channel; the main process
 * calls the broker directly with the same shapes.
 */

/** What a primitive is; `id` is unique in the run, `name` is for people. */
export type Kind = 'lock' | 'semaphore' | 'event' | 'queue';

/** A primitive as it travels to a child in `Process` arguments. */
export interface Handle {
	readonly __sync: Kind;
	readonly id: string;
	readonly name: string;
	/** Lock file path (locks only). */
	readonly path?: string;
	/** Queue bound, 0 = unbounded (queues only). */
	readonly maxsize?: number;
	readonly joinable?: boolean;
}

/** One operation from a process. `req` 0 means no reply is wanted. */
export interface Op {
	req: number;
	op: string;
	target: string;
	/** When the process issued it: CLOCK_MONOTONIC milliseconds. */
	t: number;
	/** Broker-side timeout in ms; absent = wait forever. */
	timeout?: number;
	nowait?: boolean;
	items?: Wire[];
	n?: number;
	/** `log()`: structured facts that travel with the line (not printed). */
	data?: Record<string, unknown>;
	/** Lock: retry after a wake-up, keep the place at the head of the line. */
	retry?: boolean;
}

/**
 * A queue item on the wire: a primitive as it is (the channel copies it),
 * anything else as its v8 serialization, made in the putting process so
 * that an item that cannot be copied fails there.
 */
export type Wire = Uint8Array | string | number | boolean | bigint | null | undefined;

export interface Reply {
	req: number;
	ok: boolean;
	value?: unknown;
	items?: Wire[];
	code?: string;
	message?: string;
}

/** A child's first message: its target is loaded and about to run. */
export interface ReadyMessage {
	ready: true;
}

/** First message to a child: what to run. */
export interface StartMessage {
	start: {
		module: string;
		fn: string;
		args: Uint8Array;
		name: string;
		/** The run's private folder. */
		dir: string;
	};
}

export function now(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

/** `util.inspect.custom`, without loading node:util's module facade in every child. */
export const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
