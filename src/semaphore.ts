import {expected} from './errors.ts';
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
		const reply = await this.port.request({op: 'semaphore.acquire', target: this.handle.id, ...(timeout === undefined ? {} : {timeout})});
		return reply.value === true;
	}

	/** Give a permit back. It leaves with this process's next batch; it never blocks. */
	release(): Promise<void> {
		this.port.post({op: 'semaphore.release', target: this.handle.id});
		return Promise.resolve();
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

	/** Permits free now (Python's `get_value()`). */
	async value(): Promise<number> {
		return (await this.port.request({op: 'semaphore.value', target: this.handle.id})).value as number;
	}

	protected describe(): string {
		return `initial=${this.initial}`;
	}
}
