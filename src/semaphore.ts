import {expected} from './errors.ts';
import {exitHooks, onPush} from './port.ts';
import {Primitive} from './primitive.ts';
import type {Handle} from './protocol.ts';
import {checkTimeout} from './timeout.ts';
import type {WaitOptions} from './timeout.ts';

/**
 * A counting semaphore across processes, kept by the broker. Permits a
 * process still holds when it dies go back, and the broker reports it.
 */
export class Semaphore extends Primitive {
	readonly initial: number;
	/** The broker let this process keep released permits (nobody waited, nobody watched). */
	#keep = false;
	/** Permits kept after release, taken again by `acquire()` without a round trip. */
	#kept = 0;

	constructor(value = 1, options: {name?: string} = {}, handle?: Handle) {
		if (!handle && (!Number.isInteger(value) || value < 0)) throw expected('an integer ≥ 0', 'value', value);
		super('semaphore', options.name, {}, handle, value);
		this.initial = value;
	}

	static fromHandle(handle: Handle): Semaphore {
		return new Semaphore(0, {}, handle);
	}

	/** Take a permit; true once taken, false if `timeout` ms passed first. */
	async acquire(options?: WaitOptions): Promise<boolean> {
		const timeout = checkTimeout(options);
		if (this.#kept > 0) {
			this.#kept--;
			return true;
		}
		const reply = await this.port.request({op: 'semaphore.acquire', target: this.handle.id, ...(timeout === undefined ? {} : {timeout})});
		if (reply.value === 'keep') {
			this.#keep = true;
			kept.add(this);
		}
		return reply.value === true || reply.value === 'keep';
	}

	/** Give a permit back. It leaves with this process's next batch; it never blocks. */
	release(): Promise<void> {
		if (this.#keep) this.#kept++;
		else this.port.post({op: 'semaphore.release', target: this.handle.id});
		return Promise.resolve();
	}

	/** Hand kept permits back to the broker (on its recall, or when the process leaves). */
	giveBack(): void {
		this.#keep = false;
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
		return (await this.port.request({op: 'semaphore.value', target: this.handle.id})).value as number + this.#kept;
	}

	protected describe(): string {
		return `initial=${this.initial}`;
	}
}

/** Semaphores keeping permits in this process. */
const kept = new Set<Semaphore>();
onPush(value => {
	const id = (value as {recall?: string} | null)?.recall;
	if (id === undefined) return;
	for (const semaphore of kept) {
		if (semaphore.handle.id !== id) continue;
		semaphore.giveBack();
		kept.delete(semaphore);
	}
});
exitHooks.add(() => {
	for (const semaphore of kept) semaphore.giveBack();
	kept.clear();
});
