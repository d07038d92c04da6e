import type {Handle} from '../ipc/protocol.ts';
import {Primitive} from './primitive.ts';
import {Queue} from './queue.ts';

/**
 * Python's `multiprocessing.SimpleQueue`: an unbounded FIFO across
 * processes with only `put`, `get`, `empty` and `close` — no bound, no
 * timeouts, no size. It is a `Queue` underneath (same broker unit, same
 * batching and hand-backs), with the rest of the Queue API left out.
 */
export class SimpleQueue<T = unknown> extends Primitive {
	readonly #queue: Queue<T>;

	constructor(options: {name?: string} = {}, handle?: Handle) {
		const queue = handle ? (Queue.fromHandle(handle) as Queue<T>) : new Queue<T>({name: options.name}, undefined, false, true);
		super('queue', undefined, {}, queue.handle);
		this.#queue = queue;
	}

	static fromHandle(handle: Handle): SimpleQueue {
		return new SimpleQueue({}, handle);
	}

	/** Put a copy of `item` at the back; never waits. */
	async put(item: T): Promise<void> {
		await this.#queue.put(item);
	}

	/** Take the oldest item, waiting as long as the queue is empty. */
	async get(): Promise<T> {
		return this.#queue.get();
	}

	/** Whether the queue is empty now; by the time you act on it, it may have changed. */
	async empty(): Promise<boolean> {
		return this.#queue.empty();
	}

	/** This process puts and gets no more; items it fetched ahead go back to the queue. */
	async close(): Promise<void> {
		await this.#queue.close();
	}

	get closed(): boolean {
		return this.#queue.closed;
	}

	protected describe(): string {
		return `name=${this.name}`;
	}
}
