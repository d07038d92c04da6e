import v8 from 'node:v8';
import {Closed, Empty, expected, Full, TimeoutError} from '../errors.ts';
import {exitHooks} from '../ipc/port.ts';
import type {Handle, QueueInfo, Wire} from '../ipc/protocol.ts';
import {serialize} from './clone.ts';
import type {Packed} from './handles.ts';
import {holdsPrimitive, pack, revive} from './handles.ts';
import {Primitive} from './primitive.ts';
import type {WaitOptions} from './timeout.ts';
import {checkTimeout} from './timeout.ts';

export interface QueueOptions {
	/** Most items the queue holds; 0 = unbounded (default). */
	maxsize?: number;
	name?: string;
}

/** Calls this close together mark a busy producer or consumer. */
const HOT_MS = 1;
/**
 * First byte of an item whose primitives the putter turned into handles (v8's
 * serialization always starts with 0xFF): such an item is what `pack` made,
 * and only the places it lists are revived.
 */
const HOLDS_HANDLES = 0x01;
/** Most items fetched, or slots granted, ahead. */
const MAX_AHEAD = 256;

/** Every queue this process has touched: on the way out, what it fetched ahead goes back. */
const openQueues = new Set<Queue>();
exitHooks.add(() => Promise.all([...openQueues].map(queue => queue.returnBuffered().catch(() => {}))));

/**
 * A FIFO queue across processes, kept by the broker in the main process.
 * Items are copied with structured clone (Map, Set, Date, BigInt and typed
 * arrays survive) and travel through the processes' IPC pipes. An item that
 * cannot be cloned, is nested too deep to be rebuilt, or takes more than
 * 1 GiB fails `put()` in the putting process. Once `put()` has
 * resolved the item has left the process: it is not lost if the process
 * exits right after.
 */
export class Queue<T = unknown> extends Primitive {
	readonly maxsize: number;
	/** Items fetched ahead by this process and not yet returned by `get()`. */
	protected readonly buffered: Wire[] = [];
	#closed = false;

	constructor(options: QueueOptions | number = {}, handle?: Handle, joinable = false, simple = false) {
		const {maxsize = 0, name} = typeof options === 'number' ? {maxsize: options} : options;
		if (!handle && (!Number.isInteger(maxsize) || maxsize < 0)) throw expected('an integer ≥ 0', 'maxsize', maxsize);
		super('queue', name, {maxsize, joinable, ...(simple ? {simple} : {})}, handle);
		this.maxsize = this.handle.maxsize ?? 0;
	}

	static fromHandle(handle: Handle): Queue {
		return new Queue({}, handle);
	}

	#encode(item: T): Wire {
		if (this.#closed) throw new Closed(`queue ${this.name} is closed`);
		// A string stays within the item limit: V8 caps it at 2^29 − 24 characters.
		// A BigInt may take up to 128 MiB: serialized like an object, its size counts in the batch.
		if (item === null || (typeof item !== 'object' && typeof item !== 'function' && typeof item !== 'symbol' && typeof item !== 'bigint')) return item as Wire;
		// A primitive (or an array or plain object holding one) travels as its handle, and arrives usable;
		// such an item is marked and lists where its handles are, so that plain data that only looks like one is never revived.
		let marked = false;
		const bytes = serialize(item, {verb: 'put', place: `into queue ${this.name}`}, value => {
			if (!holdsPrimitive(value)) return value;
			marked = true;
			return pack(value);
		});
		if (!marked) return bytes;
		const withMark = new Uint8Array(bytes.length + 1);
		withMark[0] = HOLDS_HANDLES;
		withMark.set(bytes, 1);
		return withMark;
	}

	/** Put an item, waiting while a bounded queue is full; fails with `Full` after `timeout` ms. */
	async put(item: T, options?: WaitOptions): Promise<void> {
		const timeout = checkTimeout(options);
		const encoded = this.#encode(item);
		openQueues.add(this as Queue);
		if (this.maxsize === 0) {
			// Unbounded: nothing to wait for. The item leaves with this turn's batch, and the
			// child runtime sends every batch before the process exits, so it is never lost.
			this.port.postItem('queue.put', this.handle.id, encoded);
			return;
		}
		if (this.#credits > 0) {
			this.#credits--;
			this.port.postItem('queue.putCredited', this.handle.id, encoded);
			return;
		}
		const hot = performance.now() - this.#lastPut < HOT_MS;
		const want = hot ? Math.min(MAX_AHEAD, Math.floor(this.maxsize / 4), Math.max(1, this.#granted * 2)) : 0;
		const reply = await this.port
			.request({op: 'queue.put', target: this.handle.id, items: [encoded], n: want, ...(timeout === undefined ? {} : {timeout})})
			.catch((error: unknown) => {
				throw error instanceof TimeoutError ? new Full(error.message) : error;
			});
		this.#granted = reply.granted;
		this.#credits += this.#granted;
		this.#lastPut = performance.now();
		if (this.#granted > 0) this.#handBackAtTurnEnd();
	}

	/** Slots of a bounded queue granted ahead and not yet used; the last grant; when the last put ended. */
	#credits = 0;
	#granted = 0;
	#lastPut = -Infinity;

	/** Put without waiting; fails with `Full` if a bounded queue has no room. */
	async putNowait(item: T): Promise<void> {
		const encoded = this.#encode(item);
		openQueues.add(this as Queue);
		if (this.maxsize === 0) return this.port.postItem('queue.put', this.handle.id, encoded);
		if (this.#credits > 0) {
			this.#credits--;
			return this.port.postItem('queue.putCredited', this.handle.id, encoded);
		}
		await this.port.request({op: 'queue.put', target: this.handle.id, items: [encoded], nowait: true});
	}

	/** Take the oldest item, waiting while the queue is empty; fails with `Empty` after `timeout` ms. */
	async get(options?: WaitOptions): Promise<T> {
		const timeout = checkTimeout(options);
		return this.#take({...(timeout === undefined ? {} : {timeout})});
	}

	/** Take an item without waiting; fails with `Empty` if there is none. */
	async getNowait(): Promise<T> {
		return this.#take({nowait: true});
	}

	async #take(wait: {timeout?: number; nowait?: boolean}): Promise<T> {
		if (this.#closed) throw new Closed(`queue ${this.name} is closed`);
		openQueues.add(this as Queue);
		if (this.buffered.length === 0) {
			const hot = performance.now() - this.#lastGet < HOT_MS;
			const want = hot ? Math.min(MAX_AHEAD, Math.max(1, this.#fetched * 2)) : 1;
			const {items} = await this.port.request({op: 'queue.get', target: this.handle.id, n: want, ...wait}).catch((error: unknown) => {
				throw error instanceof TimeoutError ? new Empty(error.message) : error;
			});
			this.#fetched = items.length;
			for (const item of items) this.buffered.push(item);
			if (items.length > 1) this.#handBackAtTurnEnd();
		}
		this.#lastGet = performance.now();
		if (this.buffered.length === 0) throw new Empty(`queue ${this.name} is empty`);
		const next = this.buffered.shift();
		this.taken(1);
		if (!(next instanceof Uint8Array)) return next as T;
		const marked = next[0] === HOLDS_HANDLES;
		let value: unknown;
		try {
			value = v8.deserialize(marked ? next.subarray(1) : next);
		} catch (error) {
			// put() rebuilt it once; a getter deep in its own stack may still fail where the putter did not.
			throw new RangeError(`an item taken from queue ${this.name} cannot be rebuilt in this process and is lost (${(error as Error).message})`, {cause: error});
		}
		if (!marked) return value as T;
		const {value: packed, places} = value as Packed;
		return (await revive(packed, places)) as T;
	}

	/**
	 * A consumer that comes back for the next item at once fetches the next
	 * ones ahead, doubling up to 256 while it keeps up; a slow or waiting
	 * consumer takes one at a time, as the lessons expect. The broker leaves
	 * an item for each getter waiting behind. Producers on a bounded queue
	 * get slots granted ahead the same way.
	 */
	#fetched = 0;
	#lastGet = -Infinity;
	#handBackScheduled = false;

	/**
	 * What was fetched or granted ahead is this process's only within the
	 * current turn of its event loop (a loop of gets or puts that never waits
	 * on anything else): at the turn's end, items not yet taken go back to the
	 * front of the queue and unused slots back to the broker, so a process
	 * that stops taking or putting holds nothing another process could use.
	 */
	#handBackAtTurnEnd(): void {
		if (this.#handBackScheduled) return;
		this.#handBackScheduled = true;
		setImmediate(() => {
			this.#handBackScheduled = false;
			if (this.buffered.length === 0 && this.#credits === 0) return;
			this.#fetched = 0;
			this.#granted = 0;
			void this.returnBuffered().catch(() => {});
		});
	}

	/** Called for each item `get()` returns (JoinableQueue counts them). */
	protected taken(_n: number): void {}

	/** Items in the queue now; by the time you act on it, it may have changed (as in Python). Closed in this process: `Closed`. */
	async qsize(): Promise<number> {
		if (this.#closed) throw new Closed(`queue ${this.name} is closed`);
		return (await this.info()).size + this.buffered.length;
	}

	/** Items in the queue, unfinished tasks and the bound, as the broker sees them now (items fetched ahead by a process are not in `size`). */
	async info(): Promise<QueueInfo> {
		return (await this.port.request({op: 'queue.info', target: this.handle.id})).info;
	}

	async empty(): Promise<boolean> {
		return (await this.qsize()) === 0;
	}

	async full(): Promise<boolean> {
		if (this.#closed) throw new Closed(`queue ${this.name} is closed`);
		return this.maxsize > 0 && (await this.qsize()) >= this.maxsize;
	}

	/** This process puts and gets no more; items it fetched ahead go back to the queue. */
	async close(): Promise<void> {
		if (this.#closed) return;
		await this.returnBuffered();
		this.#closed = true;
		openQueues.delete(this as Queue);
	}

	/** Give back items fetched ahead (the child runtime does this before exiting). */
	async returnBuffered(): Promise<void> {
		if (this.#credits > 0) {
			this.port.post({op: 'queue.returnCredits', target: this.handle.id, n: this.#credits});
			this.#credits = 0;
		}
		if (this.buffered.length === 0) return;
		const items = this.buffered.splice(0);
		await this.port.notify({op: 'queue.unget', target: this.handle.id, items});
	}

	get closed(): boolean {
		return this.#closed;
	}

	protected describe(): string {
		return `name=${this.name} maxsize=${this.maxsize}`;
	}
}
