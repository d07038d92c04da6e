import {ValueError} from '../errors.ts';
import type {Handle} from '../ipc/protocol.ts';
import type {QueueOptions} from './queue.ts';
import {Queue} from './queue.ts';
import type {WaitOptions} from './timeout.ts';
import {checkTimeout, orFalse} from './timeout.ts';

/**
 * A Queue that counts unfinished tasks: every item put adds one, every
 * `taskDone()` removes one, and `join()` waits until none is left.
 */
export class JoinableQueue<T = unknown> extends Queue<T> {
	/** Items this process took and has not yet marked done. */
	#open = 0;

	constructor(options: QueueOptions | number = {}, handle?: Handle) {
		super(options, handle, true);
	}

	static override fromHandle(handle: Handle): JoinableQueue {
		return new JoinableQueue({}, handle);
	}

	protected override taken(n: number): void {
		this.#open += n;
	}

	/**
	 * Mark one item taken by this process as processed. Calling it more
	 * often than this process took items throws `ValueError`, as Python's
	 * `task_done()` does when called too many times.
	 */
	async taskDone(): Promise<void> {
		if (this.#open === 0) throw new ValueError(`taskDone() called too many times on queue ${this.name}`);
		this.#open--;
		this.port.post({op: 'queue.taskDone', target: this.handle.id, n: 1});
	}

	/**
	 * Wait until every item ever put has been marked done; false if `timeout`
	 * ms passed first. Rejects with `Abandoned` once a process has ended
	 * holding unfinished tasks: only it could have marked them done.
	 */
	async join(options?: WaitOptions): Promise<boolean> {
		const timeout = checkTimeout(options);
		return orFalse(this.port.request({op: 'queue.join', target: this.handle.id, ...(timeout === undefined ? {} : {timeout})}));
	}
}
