import {expected, TimeoutError} from '../errors.ts';
import {exitHooks, requestHooks} from '../ipc/port.ts';
import type {Handle, SemaphoreInfo} from '../ipc/protocol.ts';
import {Primitive} from './primitive.ts';
import type {WaitOptions} from './timeout.ts';
import {checkTimeout} from './timeout.ts';

/**
 * A counting semaphore across processes, kept by the broker. Permits a
 * process still holds when it dies go back, and the broker reports it.
 */
export class Semaphore extends Primitive {
	readonly initial: number;
	/**
	 * How many more times released permits may be kept here and taken again
	 * without asking: unbounded when the broker saw nobody waiting, a short
	 * lease when others wait; 0 = every release goes to the broker. Nobody
	 * may watch the run's events for either.
	 */
	#uses = 0;
	/** Permits kept after release, taken again by `acquire()` without a round trip. */
	#kept = 0;

	/** `extra`: what a subclass adds to the handle (BoundedSemaphore). */
	constructor(value = 1, options: {name?: string} = {}, handle?: Handle, extra: Partial<Handle> = {}) {
		if (!handle && (!Number.isInteger(value) || value < 0)) throw expected('an integer ≥ 0', 'value', value);
		super('semaphore', options.name, extra, handle, value);
		this.initial = value;
	}

	static fromHandle(handle: Handle): Semaphore {
		return new Semaphore(0, {}, handle);
	}

	/** Take a permit; true once taken, false if `timeout` ms passed first. */
	async acquire(options?: WaitOptions): Promise<boolean> {
		const timeout = checkTimeout(options);
		if (this.#kept > 0 && this.#uses > 0) {
			this.#kept--;
			this.#uses--;
			return true;
		}
		// Once the lease is used up, the request below hands the kept permits back first (a
		// request hook) and waits in the broker's line like everyone else.
		let lease: number;
		try {
			({lease} = await this.port.request({op: 'semaphore.acquire', target: this.handle.id, ...(timeout === undefined ? {} : {timeout})}));
		} catch (error) {
			if (error instanceof TimeoutError) return false;
			throw error;
		}
		if (lease > 0) {
			this.#uses = lease;
			kept.add(this);
			// Kept permits are this process's only within the current turn of its event loop.
			setImmediate(() => this.giveBack());
		}
		return true;
	}

	/** Give a permit back. It leaves with this process's next batch; it never blocks. */
	release(): Promise<void> {
		if (this.#uses > 0) this.#kept++;
		else this.port.post({op: 'semaphore.release', target: this.handle.id, n: 1});
		return Promise.resolve();
	}

	/** Hand kept permits back to the broker (at the end of the turn, before a request, or when the process leaves). */
	giveBack(): void {
		this.#uses = 0;
		if (this.#kept === 0) return;
		this.port.post({op: 'semaphore.release', target: this.handle.id, n: this.#kept});
		this.#kept = 0;
	}

	/** Run `fn` holding a permit (Python's `with semaphore:`). */
	async withPermit<T>(fn: () => T | Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await fn();
		} finally {
			await this.release();
		}
	}

	/** Permits free now (Python's `get_value()`); as racy as Python's. */
	async value(): Promise<number> {
		return (await this.info()).value + this.#kept;
	}

	/** Permits free, the initial value and the most ever held at once, as the broker sees them now (kept permits count as held). */
	async info(): Promise<SemaphoreInfo> {
		return (await this.port.request({op: 'semaphore.info', target: this.handle.id})).info;
	}

	protected describe(): string {
		return `initial=${this.initial}`;
	}
}

/** Semaphores keeping permits in this process. */
const kept = new Set<Semaphore>();
const giveAllBack = (): void => {
	for (const semaphore of kept) semaphore.giveBack();
	kept.clear();
};
exitHooks.add(giveAllBack);
requestHooks.add(giveAllBack);
