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
	 * Mark one task done, as Python's `task_done()`: the count of unfinished
	 * tasks is the queue's, across processes, so any process may mark any
	 * task done; `ValueError` only when the count would go below zero. A
	 * task this process took is marked without a round trip; otherwise the
	 * broker's count decides, and the call waits for its answer.
	 */
	async taskDone(): Promise<void> {
		if (this.#open > 0) {
			this.#open--;
			this.port.post({op: 'queue.taskDone', target: this.handle.id, n: 1});
			return;
		}
		await this.port.request({op: 'queue.taskDone', target: this.handle.id, n: 1});
	}

	/**
	 * Wait until every item ever put has been marked done; false if `timeout`
	 * ms passed first. Rejects with `Abandoned` once a process has ended
	 * holding tasks it took and never marked done (unless other processes
	 * have marked enough tasks done to make up for them), rather than wait
	 * for what nobody is likely to do.
	 */
	async join(options?: WaitOptions): Promise<boolean> {
		const timeout = checkTimeout(options);
		return orFalse(this.port.request({op: 'queue.join', target: this.handle.id, ...(timeout === undefined ? {} : {timeout})}));
	}
}
