/**
 * Messages between a process and the broker in the run's main process.
 * Children send batches (arrays) over their fork IPC channel; the main process
 * calls the broker directly with the same shapes.
 */

import type {SelfRecord} from './self.ts';

/** What a primitive is; `id` is unique in the run, `name` is for people. */
export type Kind = 'lock' | 'semaphore' | 'event' | 'queue' | 'barrier';

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
	/** How many processes pass together (barriers only). */
	readonly parties?: number;
	/** A barrier's default wait timeout in ms (barriers only). */
	readonly timeout?: number;
	/** What the process completing a barrier's cycle runs first (barriers only). */
	readonly action?: ActionRef;
}

/** An exported function as it travels: the module's file (compiled JavaScript once the run has resolved it), its export's name, plain-data arguments. */
export interface ActionRef {
	readonly module: string;
	readonly target: string;
	readonly args: unknown[];
}

/**
 * A queue item on the wire: a primitive as it is (the channel copies it),
 * anything else as its v8 serialization, made in the putting process so
 * that an item that cannot be copied fails there.
 */
export type Wire = Uint8Array | string | number | boolean | null | undefined;

/** A blocking call: absent `timeout` = wait forever; 0 = only if it need not wait. */
interface Timed {
	/** Broker-side timeout in ms. */
	timeout?: number;
}

/** A queue call that may also refuse to wait at all (`putNowait`, `getNowait`): it fails with FULL or EMPTY. */
interface Blocking extends Timed {
	nowait?: boolean;
}

/**
 * Every operation a process can send, with what a successful reply carries.
 * A wait that ran out (a timeout, 0 included) fails with code TIMEOUT; the
 * client turns that into Python's result (false, `Full`, `Empty`). Each
 * unit's switch over its operations ends in a `never` check, so an operation
 * added here without a handler does not compile.
 */
export interface Operations {
	log: {send: {text: string; data?: Record<string, unknown>}; reply: never};
	/** A child on its way out: answer its parked calls, hand it nothing more. */
	'peer.closing': {send: object; reply: never};
	/** `n`: slots a busy producer asks for ahead; the reply grants some. */
	'queue.put': {send: Blocking & {items: Wire[]; n?: number}; reply: {granted: number}};
	/** Items sent on slots granted earlier. */
	'queue.putCredited': {send: {items: Wire[]}; reply: never};
	'queue.returnCredits': {send: {n: number}; reply: never};
	/** `n`: how many items a busy consumer would take ahead. */
	'queue.get': {send: Blocking & {n?: number}; reply: {items: Wire[]}};
	/** Items fetched ahead and not used go back to the front. */
	'queue.unget': {send: {items: Wire[]}; reply: never};
	'queue.taskDone': {send: {n: number}; reply: never};
	'queue.join': {send: Timed; reply: object};
	'queue.info': {send: object; reply: {info: QueueInfo}};
	/** Tell the broker this process took the lock file. */
	'lock.acquired': {send: object; reply: never};
	'lock.released': {send: object; reply: never};
	/** A released lock's file, kept for the rest of the turn, is gone now. */
	'lock.freed': {send: object; reply: never};
	/** Wait until the lock file may be free; `retry` keeps the place at the head after a wake-up. */
	'lock.wait': {send: Timed & {retry?: boolean}; reply: object};
	'lock.info': {send: object; reply: {info: LockInfo}};
	/** `lease`: how often released permits may be re-taken without asking (Infinity: this turn, nobody waits). */
	'semaphore.acquire': {send: Timed; reply: {lease: number}};
	'semaphore.release': {send: {n: number}; reply: never};
	'semaphore.info': {send: object; reply: {info: SemaphoreInfo}};
	'event.set': {send: object; reply: never};
	'event.clear': {send: object; reply: never};
	'event.wait': {send: Timed; reply: object};
	'event.info': {send: object; reply: {info: EventInfo}};
	/** A primitive made in a child: the broker knows it from now on (the child's later messages, and so every use it makes possible, come after). */
	'primitive.register': {send: {handle: Handle; initial?: number}; reply: never};
	/**
	 * Start a process on the sender's behalf: the main process forks it and the sender is its parent.
	 * `target` is the id the parent gave it; the reply comes once it runs its target (or has ended).
	 */
	'process.start': {send: {module: string; fn: string; args: Uint8Array; name: string; daemon: boolean; identity: number[]}; reply: {pid: number}};
	/** Answered when the process has exited (at once if it has): its exit code, `-signal` if a signal ended it. Not a wait. */
	'process.watch': {send: object; reply: {code: number}};
	/** Wait for the process to exit (a parked call, seen by hang detection). */
	'process.join': {send: Timed; reply: {code: number}};
	'process.kill': {send: {signal: NodeJS.Signals}; reply: never};
	/** `act`: this process completed the cycle and runs the action, then sends `barrier.acted`. */
	'barrier.wait': {send: Timed; reply: {index: number; act?: boolean}};
	/** The action ran (`error`: it threw, the barrier breaks); the reply lets the runner pass, unless the barrier broke meanwhile. */
	'barrier.acted': {send: {error?: string}; reply: object};
	'barrier.reset': {send: object; reply: never};
	'barrier.abort': {send: object; reply: never};
	'barrier.info': {send: object; reply: {info: BarrierInfo}};
}

export type OpName = keyof Operations;

/** What a process writes: the operation, its target (a primitive's id, or the log line's text) and its fields. */
export type OpInput<K extends OpName = OpName> = K extends OpName ? {op: K; target: string} & Operations[K]['send'] : never;

/** An operation as it travels: `req` 0 means no reply is wanted; `t` is when the process issued it (CLOCK_MONOTONIC ms). */
export type Op<K extends OpName = OpName> = OpInput<K> & {req: number; t: number};

/** Operations that get a reply. */
export type RequestName = {[K in OpName]: Operations[K]['reply'] extends never ? never : K}[OpName];

export type Success<K extends OpName> = {req: number; ok: true} & Operations[K]['reply'];
export interface Failure {
	req: number;
	ok: false;
	code: string;
	message: string;
}
export type Reply<K extends OpName = OpName> = Success<K> | Failure;

export interface QueueInfo {
	size: number;
	unfinished: number;
	maxsize: number;
}
export interface LockInfo {
	/** The lock file. */
	path: string;
	/** The holder recorded in the lock file, or null when it is free or held by an unknown owner. */
	holder: {name: string; pid: number} | null;
	/** Why the lock file is no owner record (junk, a symlink…): held by an unknown owner. */
	unknown: string | null;
	waiting: number;
}
export interface SemaphoreInfo {
	value: number;
	initial: number;
	peak: number;
}
export interface EventInfo {
	set: boolean;
	waiting: number;
}
export interface BarrierInfo {
	parties: number;
	/** Parties that arrived in the current cycle and wait (Python's `n_waiting`); 0 while broken. */
	waiting: number;
	broken: boolean;
	/** Cycles passed so far. */
	cycles: number;
	/** Processes running the action of a cycle whose parties have all arrived (they wait for it). */
	acting: Array<{name: string; pid: number}>;
}

/** What `info()` tells of each kind. */
export interface InfoByKind {
	queue: QueueInfo;
	lock: LockInfo;
	semaphore: SemaphoreInfo;
	event: EventInfo;
	barrier: BarrierInfo;
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
		/** The process as the run knows it: its broker key, Python's identity, daemon flag and parent. */
		self: SelfRecord;
	};
}

export function now(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

/** `util.inspect.custom`, without loading node:util's module facade in every child. */
export const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
