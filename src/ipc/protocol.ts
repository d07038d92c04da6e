/**
 * Messages between a process and the broker in the run's main process.
 * Children send batches (arrays) over their fork IPC channel; the main process
 * calls the broker directly with the same shapes.
 */

/** What a primitive is; `id` is unique in the run, `name` is for people. */
export type Kind = 'lock' | 'semaphore' | 'event' | 'queue' | 'connection';

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
	/** A SimpleQueue (queues only). */
	readonly simple?: boolean;
	/** Connections: the pipe's id (the broker unit), which end this is, and whether both ends send. */
	readonly pipe?: string;
	readonly end?: End;
	readonly duplex?: boolean;
}

/** One of a pipe's two ends. */
export type End = 0 | 1;

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
	/** A note when this process marks its own tasks done; a request otherwise, answered VALUE if the count would go below zero. */
	'queue.taskDone': {send: {n: number}; reply: object};
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
	/** This process holds `end` (made it, or got it in Process arguments). */
	'connection.hold': {send: {end: End}; reply: object};
	/** This process holds `end` no more. */
	'connection.close': {send: {end: End}; reply: never};
	/** Frames sent on `end` through the broker, for whoever reads the other end. */
	'connection.send': {send: {end: End; items: Wire[]}; reply: never};
	/** A sender on `end` asks where the other end's reader listens; answered once that differs from `known` ('' = through the broker). */
	'connection.route': {send: {end: End; known?: string}; reply: {path: string}};
	/**
	 * Frames waiting at the broker for `end`; `claim` (first call) makes this process its reader, listening at
	 * that path, and the reply says where each sender's messages start (`from`, by pid), or that the first one
	 * seen starts them (`resync`: the reader before died with some of them).
	 */
	'connection.recv': {
		send: Timed & {end: End; claim?: string};
		reply: {items: Wire[]; eof: boolean; direct: boolean; from?: Record<string, number>; resync?: boolean};
	};
	/**
	 * A reader hands back frames it got and did not take. With `consumed` (a request: the first hand-back, as
	 * it stops reading) it says how far it took each sender's messages and ends its reading; the reply names the
	 * senders (pids) that were writing to it, whose sockets it drains before it lets go. Without, a note.
	 */
	'connection.unread': {send: {end: End; items: Wire[]; consumed?: Record<string, number>}; reply: {senders: number[]}};
	/** The reader got what it waited for directly: its parked connection.recv may end. */
	'connection.recvDone': {send: {end: End}; reply: never};
	/** Wait until `end` has something to read (or EOF), without taking it. */
	'connection.poll': {send: Timed & {end: End}; reply: object};
	'connection.info': {send: object; reply: {info: ConnectionInfo}};
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

export interface ConnectionInfo {
	duplex: boolean;
	/** Per end: the processes holding it, the one reading it, and frames waiting for it at the broker. */
	ends: Array<{holders: Array<{name: string; pid: number}>; reader: {name: string; pid: number} | null; queued: number}>;
}

/** What `info()` tells of each kind. */
export interface InfoByKind {
	queue: QueueInfo;
	lock: LockInfo;
	semaphore: SemaphoreInfo;
	event: EventInfo;
	connection: ConnectionInfo;
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
