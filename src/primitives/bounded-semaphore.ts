import type {Handle} from '../ipc/protocol.ts';
import {Semaphore} from './semaphore.ts';

/**
 * A Semaphore whose `release()` beyond its initial value throws ValueError,
 * like Python's `multiprocessing.BoundedSemaphore`. Any process may release
 * (as in Python), so only the broker can tell: every release asks it, a
 * round trip, and no permit is kept for a re-take without asking.
 */
export class BoundedSemaphore extends Semaphore {
	constructor(value = 1, options: {name?: string} = {}, handle?: Handle) {
		super(value, options, handle, {bounded: true});
	}

	static override fromHandle(handle: Handle): BoundedSemaphore {
		return new BoundedSemaphore(0, {}, handle);
	}

	/** Give a permit back; rejects with ValueError if the value would pass the initial value. */
	override async release(): Promise<void> {
		await this.port.request({op: 'semaphore.release', target: this.handle.id, n: 1});
	}
}
