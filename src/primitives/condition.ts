import {expected, ValueError} from '../errors.ts';
import type {ConditionInfo, Handle} from '../ipc/protocol.ts';
import {Lock} from './lock.ts';
import type {ConditionLock} from './lock-file.ts';
import {handOver, takeBack} from './lock-file.ts';
import {Primitive, sameObject} from './primitive.ts';
import {RLock} from './rlock.ts';
import type {WaitOptions} from './timeout.ts';
import {checkTimeout, orFalse} from './timeout.ts';

/**
 * A condition variable across processes (Python's
 * `multiprocessing.Condition`), with a Lock or an RLock (by default a new
 * RLock). `wait()` gives the lock up fully — an RLock at any depth — and has
 * it again, at the same depth, before it returns. The broker keeps the line
 * of waiters: a notify wakes exactly as many as it says, and a notified
 * waiter that dies before it returns passes its notify on.
 */
export class Condition extends Primitive {
	readonly #lock: ConditionLock;

	constructor(lock?: Lock | RLock, options: {name?: string} = {}, handle?: Handle) {
		if (lock !== undefined && !(lock instanceof Lock) && !(lock instanceof RLock)) throw expected('a Lock or an RLock', 'lock', lock);
		const own = lock ?? (handle ? reviveLock(handle.lock!) : new RLock());
		super('condition', options.name, {lock: own.handle}, handle);
		this.#lock = own;
	}

	static fromHandle(handle: Handle): Condition {
		return sameObject(handle, () => new Condition(undefined, {}, handle));
	}

	/** The lock this condition waits with. */
	get lock(): Lock | RLock {
		return this.#lock as Lock | RLock;
	}

	acquire(options?: WaitOptions): Promise<boolean> {
		return this.#lock.acquire(options);
	}

	release(): Promise<void> {
		return this.#lock.release();
	}

	/** Run `fn` holding the lock (Python's `with condition:`). */
	withLock<T>(fn: () => T | Promise<T>): Promise<T> {
		return this.#lock.withLock(fn);
	}

	/**
	 * Give the lock up and wait until notified; have the lock again before
	 * returning. True if notified, false if `timeout` ms passed first. Only
	 * the process holding the lock may wait (Python: RuntimeError).
	 */
	async wait(options?: WaitOptions): Promise<boolean> {
		const timeout = checkTimeout(options);
		this.#holding('wait');
		// The broker puts this process in line before it frees the lock: no notify can come in between.
		const {depth, record} = this.#lock[handOver]();
		const notified = await orFalse(this.port.request({op: 'condition.wait', target: this.handle.id, record, ...(timeout === undefined ? {} : {timeout})}));
		// Notified, the broker answered once the lock was free (it moved this process to the lock's line).
		await this.#lock[takeBack](depth, this.name, notified);
		if (notified) this.port.post({op: 'condition.returned', target: this.handle.id});
		return notified;
	}

	/**
	 * Wait until `predicate()` is truthy (it is called holding the lock, first
	 * before any wait); returns its last value, falsy if `timeout` ms passed first.
	 */
	async waitFor<T>(predicate: () => T | Promise<T>, options?: WaitOptions): Promise<T> {
		if (typeof predicate !== 'function') throw expected('a function', 'predicate', predicate);
		const timeout = checkTimeout(options);
		const deadline = timeout === undefined ? undefined : Date.now() + timeout;
		let result = await predicate();
		while (!result) {
			const left = deadline === undefined ? undefined : deadline - Date.now();
			if (left !== undefined && left <= 0) break;
			await this.wait(left === undefined ? undefined : {timeout: left});
			result = await predicate();
		}
		return result;
	}

	/** Wake `n` of the processes waiting (all of them if fewer wait). Only the process holding the lock may notify. */
	async notify(n = 1): Promise<void> {
		if (!Number.isInteger(n) || n < 0) throw expected('an integer ≥ 0', 'n', n);
		this.#holding('notify');
		this.port.post({op: 'condition.notify', target: this.handle.id, n});
	}

	/** Wake every process waiting (Python's `notify_all()`). */
	async notifyAll(): Promise<void> {
		this.#holding('notifyAll');
		this.port.post({op: 'condition.notify', target: this.handle.id, n: 'all'});
	}

	/** How many processes wait, and how many were notified and are not yet back, as the broker sees them now. */
	async info(): Promise<ConditionInfo> {
		return (await this.port.request({op: 'condition.info', target: this.handle.id})).info;
	}

	#holding(call: string): void {
		if (!this.#lock.held) throw new ValueError(`${call}() on condition ${this.name} without holding its lock ${this.#lock.name}`);
	}

	protected describe(): string {
		return `${this.#lock.constructor.name} ${this.#lock.name}`;
	}
}

/** A condition's lock as it arrives in a child: the same object as the lock passed on its own, if it was. */
function reviveLock(handle: Handle): Lock | RLock {
	return handle.__sync === 'rlock' ? RLock.fromHandle(handle) : Lock.fromHandle(handle);
}
