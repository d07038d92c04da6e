import path from 'node:path';
import {Disconnected, reviveError} from '../errors.ts';
import {BATCH_BYTES, MAX_ITEM_BYTES, opBytes, wireBytes} from './limits.ts';
import type {Handle, Kind, Op, OpInput, Reply, RequestName, Success, Wire} from './protocol.ts';
import {now} from './protocol.ts';

/** How a process talks to the broker: requests that wait for a reply, and notes that do not. */
export interface Port {
	readonly name: string;
	readonly pid: number;
	/** The run's private folder. */
	readonly dir: string;
	/** A request; a failure reply rejects with the error it names (TIMEOUT for a wait that ran out). */
	request<K extends RequestName>(op: OpInput<K>): Promise<Success<K>>;
	/** Send without waiting for a reply; the promise resolves once the note has left this process. */
	notify(op: OpInput): Promise<void>;
	/** Send without waiting for anything; it leaves with this turn's batch, and at the latest before the process exits. */
	post(op: OpInput): void;
	/** Post one queue item: consecutive items for one queue travel as one operation. */
	postItem(op: 'queue.put' | 'queue.putCredited', target: string, item: Wire): void;
	/** Resolves once everything sent so far has left this process. */
	flush(): Promise<void>;
	/**
	 * Make a new primitive known to the run; returns its handle as it travels.
	 * A child posts the registration: it reaches the broker before anything
	 * this process sends later, so before any use the handle makes possible.
	 */
	register(handle: Handle, initial?: number): Handle;
	/** Send as the child runtime does on its way out, when the target's own calls are refused (children only). */
	asRuntime?<T>(fn: () => T): T;
}

/** Kinds whose state is a file in the run's folder, named after the primitive's id. */
const FILE_KINDS: ReadonlySet<Kind> = new Set<Kind>(['lock', 'rlock']);

/** The handle as it travels: a kind kept in a file gets its path in the run's folder (the same in every process). */
export function placed(handle: Handle, dir: string): Handle {
	return FILE_KINDS.has(handle.__sync) ? {...handle, path: path.join(dir, `${handle.id.replace('#', '-')}.lock`)} : handle;
}

/**
 * Run in a child once its target has ended, before it stops talking to the
 * broker (Python's exit function): its daemon children are terminated and
 * every child it started is joined.
 */
export const finishHooks = new Set<() => Promise<unknown>>();

/**
 * Run before a child exits, so nothing it keeps locally (permits, fetched
 * items) is lost: each sends what it hands back at once, and may return a
 * promise the child waits for before it leaves.
 */
export const exitHooks = new Set<() => unknown>();

/** Run as the process leaves, also when its run is gone: remove what it made locally (its owner record). */
export const cleanupHooks = new Set<() => void>();

/** Run before every request: a process about to wait hands back what it keeps for itself (released permits). */
export const requestHooks = new Set<() => void>();

/** Complete an operation in place (callers pass fresh literals; a spread copy costs more than the send). */
export function stamp(op: OpInput, req: number): Op {
	const full = op as Op;
	full.req = req;
	full.t = now();
	return full;
}

export function settle<K extends RequestName>(reply: Reply<K>): Success<K> {
	if (reply.ok) return reply;
	throw reviveError(reply.code, reply.message);
}

/**
 * A child batches what it sends in one turn of its event loop into one IPC
 * message; replies come back batched the same way.
 */
export class ChildPort implements Port {
	readonly name: string;
	readonly pid = process.pid;
	readonly dir: string;
	readonly #pending = new Map<number, {resolve: (reply: Reply<RequestName>) => void; reject: (error: Error) => void}>();
	#outbox: Op[] = [];
	/** What the outbox will take in the message, roughly: it leaves before nearing the channel's limit. */
	#bytes = 0;
	#written: Array<() => void> = [];
	#scheduled = false;
	#soon = false;
	#inFlight: Promise<void> = Promise.resolve();
	#next = 1;
	#closed = false;

	constructor(name: string, dir: string) {
		this.name = name;
		this.dir = dir;
		process.on('message', (message: unknown) => {
			if (!Array.isArray(message)) return;
			for (const reply of message as Array<Reply<RequestName>>) {
				const pending = this.#pending.get(reply.req);
				if (!pending) continue;
				this.#pending.delete(reply.req);
				pending.resolve(reply);
			}
			if (this.#pending.size === 0) for (const resolve of this.#settled.splice(0)) resolve();
		});
		process.once('disconnect', () => {
			this.#closed = true;
			for (const pending of this.#pending.values()) pending.reject(new Disconnected());
			this.#pending.clear();
			for (const resolve of this.#settled.splice(0)) resolve();
		});
	}

	/** Closed, or sealed by the child runtime on its way out (only the runtime itself may still send). */
	get #refusing(): boolean {
		return this.#closed || (this.#sealed && !this.#runtime);
	}

	request<K extends RequestName>(op: OpInput<K>): Promise<Success<K>> {
		if (this.#refusing) return Promise.reject(this.#refusal());
		for (const hook of requestHooks) hook();
		const req = this.#next++;
		const promise = new Promise<Reply<K>>((resolve, reject) => this.#pending.set(req, {resolve: resolve as (reply: Reply<RequestName>) => void, reject}));
		this.#enqueue(stamp(op, req), true);
		return promise.then(settle);
	}

	register(base: Handle, initial?: number): Handle {
		const handle = placed(base, this.dir);
		this.post({op: 'primitive.register', target: handle.id, handle, ...(initial === undefined ? {} : {initial})});
		return handle;
	}

	notify(op: OpInput): Promise<void> {
		if (this.#refusing) return Promise.reject(this.#refusal());
		// A note big enough to leave at once is written with the message now in flight.
		if (this.#enqueue(stamp(op, 0))) return this.#inFlight;
		return new Promise(resolve => this.#written.push(resolve));
	}

	post(op: OpInput): void {
		if (this.#refusing) throw this.#refusal();
		// One note alone must fit in a message (a log line with huge facts); queue items are checked by put().
		const bytes = opBytes(op as Op);
		if (bytes > MAX_ITEM_BYTES)
			throw new RangeError(
				`cannot send ${op.op} of ${bytes} bytes: one operation may take at most ${MAX_ITEM_BYTES} bytes (1 GiB) on its way to the main process`,
			);
		this.#enqueue(stamp(op, 0), false, bytes);
	}

	#refusal(): Disconnected {
		return this.#closed ? new Disconnected() : new Disconnected('this process is exiting');
	}

	#sealed = false;
	#runtime = false;
	#settled: Array<() => void> = [];

	/**
	 * The child is on its way out: from now on the target's calls fail with
	 * Disconnected, and the broker answers every call of this process still
	 * parked there, so that `settled()` can tell when nothing more can arrive.
	 */
	seal(): void {
		if (this.#sealed || this.#closed) return;
		this.#sealed = true;
		// A process that never asked the broker anything has nothing parked there to answer.
		if (this.#next === 1) return;
		this.#enqueue(stamp({op: 'peer.closing', target: ''}, 0), true);
	}

	/** Resolves once every request sent so far has its reply (items they bring are then in the queues' buffers). */
	settled(): Promise<void> {
		if (this.#pending.size === 0 || this.#closed) return Promise.resolve();
		return new Promise(resolve => this.#settled.push(resolve));
	}

	/** Run the child runtime's own sends (hand-backs) while sealed. */
	asRuntime<T>(fn: () => T): T {
		this.#runtime = true;
		try {
			return fn();
		} finally {
			this.#runtime = false;
		}
	}

	postItem(op: 'queue.put' | 'queue.putCredited', target: string, item: Wire): void {
		if (this.#refusing) throw this.#refusal();
		const last = this.#outbox.at(-1);
		const bytes = wireBytes(item);
		if (
			last?.req === 0 &&
			(last.op === 'queue.put' || last.op === 'queue.putCredited') &&
			last.op === op &&
			last.target === target &&
			this.#bytes + bytes <= BATCH_BYTES
		) {
			last.items.push(item);
			this.#bytes += bytes;
			// A loop that never yields still sends in batches.
			if (last.items.length >= MAX_BATCH) this.#send();
			return;
		}
		this.post({op, target, items: [item]});
	}

	/** Hand everything queued to the channel now (the child runtime calls it from `process.exit`). */
	sendNow(): void {
		this.#send();
	}

	flush(): Promise<void> {
		if (this.#outbox.length === 0) return this.#inFlight;
		return new Promise(resolve => this.#written.push(resolve));
	}

	/**
	 * Notes wait for the end of this turn of the event loop, so a busy loop
	 * sends them in batches; a request, which its caller waits for, leaves as
	 * soon as the current synchronous code is done, with every note before it.
	 * True if the operation has already been handed to the channel.
	 */
	#enqueue(op: Op, urgent = false, bytes = opBytes(op)): boolean {
		// Consecutive taskDone()s on one queue travel as one count.
		const last = this.#outbox.at(-1);
		if (op.op === 'queue.taskDone' && op.req === 0 && last?.op === op.op && last.req === 0 && last.target === op.target) {
			last.n += op.n;
			return false;
		}
		// Big items make a batch leave early, so that no message nears what the channel carries.
		if (this.#outbox.length > 0 && this.#bytes + bytes > BATCH_BYTES) this.#send();
		this.#outbox.push(op);
		this.#bytes += bytes;
		// A loop that never yields (awaiting only resolved promises) still sends in batches.
		if (this.#outbox.length >= MAX_BATCH || this.#bytes >= BATCH_BYTES) {
			this.#send();
			return true;
		}
		if (urgent && !this.#soon) {
			this.#soon = true;
			queueMicrotask(() => {
				this.#soon = false;
				this.#send();
			});
		}
		if (this.#scheduled) return false;
		this.#scheduled = true;
		setImmediate(() => {
			this.#scheduled = false;
			this.#send();
		});
		return false;
	}

	#send(): void {
		if (this.#outbox.length === 0 && this.#written.length === 0) return;
		const batch = this.#outbox;
		const written = this.#written;
		this.#outbox = [];
		this.#bytes = 0;
		this.#written = [];
		if (batch.length === 0 || this.#closed || !process.send) {
			for (const resolve of written) resolve();
			return;
		}
		this.#inFlight = new Promise(resolve => {
			process.send!(batch, undefined, undefined, () => {
				for (const done of written) done();
				resolve();
			});
		});
	}
}

/** Most operations in one IPC message. */
const MAX_BATCH = 512;

let current: Port | undefined;
let factory: (() => Port) | undefined;

/** The port of this process: set by the child runtime, or made by the run in the main process on first use. */
export function port(): Port {
	current ??= factory?.();
	if (!current) throw new Error('sync-demo: this process belongs to no run');
	return current;
}

/** The main process's run module registers how to start a run on first use. */
export function setPortFactory(make: () => Port): void {
	factory = make;
}

export function setPort(next: Port | undefined): void {
	current = next;
}

export function hasPort(): boolean {
	return current !== undefined;
}
