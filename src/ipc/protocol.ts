/**
 * Messages between a process and the broker in the run's main process.
 * Children send batches (arrays) over their fork IPC channel; the main process
 * calls the broker directly with the same shapes.
 */

import type {SelfRecord} from './self.ts';

/** What a primitive is; `id` is unique in the run, `name` is for people. */
export type Kind = 'lock' | 'semaphore' | 'event' | 'queue' | 'barrier' | 'rlock' | 'condition' | 'value' | 'array' | 'connection';

/** A primitive as it travels to a child in `Process` arguments. */
export interface Handle {
	readonly __sync: Kind;
	readonly id: string;
	readonly name: string;
	/** Lock file path (locks and rlocks); the shared file of a value or array. */
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
	/** A BoundedSemaphore: `release()` beyond the initial value is an error (semaphores only). */
	readonly bounded?: boolean;
	/** Item type and count of a value (1) or array. */
	readonly typecode?: string;
	readonly length?: number;
	/** The lock a condition waits with, or a value's or array's lock (a Lock or RLock): a child revives both. */
	readonly lock?: Handle;
	/** A SimpleQueue (queues only). */
	readonly simple?: boolean;
	/** Connections: the pipe's id (the broker unit), which end this is, and whether both ends send. */
	readonly pipe?: string;
	readonly end?: End;
	readonly duplex?: boolean;
}

/** An exported function as it travels: the module's file (compiled JavaScript once the run has resolved it), its export's name, plain-data arguments. */
export interface ActionRef {
	readonly module: string;
	readonly target: string;
	readonly args: unknown[];
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

/** Waiting for a lock file: `retry` keeps the place at the head after a wake-up; `condition` names the condition whose wait() re-acquires it. */
interface LockWait extends Timed {
	retry?: boolean;
	condition?: string;
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
	'lock.wait': {send: LockWait; reply: object};
	'lock.info': {send: object; reply: {info: LockInfo}};
	/** `lease`: how often released permits may be re-taken without asking (Infinity: this turn, nobody waits). */
	'semaphore.acquire': {send: Timed; reply: {lease: number}};
	/** A note; a BoundedSemaphore asks it as a request, which fails with VALUE beyond the initial value. */
	'semaphore.release': {send: {n: number}; reply: object};
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
	/** As for 'lock.*': an RLock is a lock file too; reentry is counted by its holder and written in its record. */
	'rlock.acquired': {send: object; reply: never};
	'rlock.released': {send: object; reply: never};
	'rlock.freed': {send: object; reply: never};
	'rlock.wait': {send: LockWait; reply: object};
	'rlock.info': {send: object; reply: {info: RLockInfo}};
	/**
	 * Wait for a notify: the broker puts the caller in line, then frees the
	 * lock it holds — handed over with this call — if the lock file still is
	 * the caller's owner record `record` (`dev:ino`).
	 */
	'condition.wait': {send: Timed & {record: string}; reply: object};
	/** A notified waiter has its lock again and returns from wait(): its notify is spent. */
	'condition.returned': {send: object; reply: never};
	'condition.notify': {send: {n: number | 'all'}; reply: never};
	'condition.info': {send: object; reply: {info: ConditionInfo}};
	/** This process holds `end` (made it, or got it in Process arguments). */
	'connection.hold': {send: {end: End}; reply: object};
	/** This process holds `end` no more. */
	'connection.close': {send: {end: End}; reply: never};
	/** Frames sent on `end` through the broker, for whoever reads the other end. */
	'connection.send': {send: {end: End; items: Wire[]}; reply: never};
	/** A sender on `end` that sent the limit's worth through the broker waits here while more than that is queued for the other end. */
	'connection.sendWait': {send: {end: End}; reply: object};
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
export interface RLockInfo extends Omit<LockInfo, 'holder'> {
	/** The holder and its depth (how often it acquired the lock and has not released it) as the lock file records them. */
	holder: {name: string; pid: number; depth: number} | null;
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
export interface ValueInfo {
	typecode: string;
	/** The value now (bigint for the 64-bit typecodes). */
	value: number | bigint;
	/** The shared file. */
	path: string;
	/** The name of its lock; null for a value made with `lock: false`. */
	lock: string | null;
}
export interface SharedArrayInfo {
	typecode: string;
	length: number;
	path: string;
	lock: string | null;
}

export interface ConditionInfo {
	/** Processes in wait(), not yet notified. */
	waiting: number;
	/** Processes notified and not yet back from wait() (re-acquiring the lock). */
	waking: number;
}

export interface ConnectionInfo {
	duplex: boolean;
	/** Per end: the processes holding it, the one reading it, and frames waiting for it at the broker. */
	ends: Array<{holders: Array<{name: string; pid: number}>; reader: {name: string; pid: number} | null; queued: number; queuedBytes: number}>;
}

/** What `info()` tells of each kind. */
export interface InfoByKind {
	queue: QueueInfo;
	lock: LockInfo;
	semaphore: SemaphoreInfo;
	event: EventInfo;
	barrier: BarrierInfo;
	rlock: RLockInfo;
	condition: ConditionInfo;
	value: ValueInfo;
	array: SharedArrayInfo;
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
		/** The process as the run knows it: its broker key, Python's identity, daemon flag and parent. */
		self: SelfRecord;
	};
}

export function now(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

/** `util.inspect.custom`, without loading node:util's module facade in every child. */
export const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
