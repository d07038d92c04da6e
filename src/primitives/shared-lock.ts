import {expected} from '../errors.ts';
import type {Handle} from '../ipc/protocol.ts';
import {Lock} from './lock.ts';

/** The lock a Value or SharedArray carries: a new one by default, or the one it was given. */
export type SharedLock = Lock;

/** `lock` of `new Value(…)` and `new SharedArray(…)`: true (a new lock, the default), false (none), or a lock to use. */
export type LockOption = boolean | SharedLock;

/** Options of `new Value(…)` and `new SharedArray(…)`. */
export interface SharedOptions {
	/** true (default): a new lock, returned by `getLock()`; false: none (Python's `RawValue`, `RawArray`); or the lock to use. */
	lock?: LockOption;
	name?: string;
}

/**
 * How to get the lock `option` asks for, checked now and made later (once
 * the value's items are checked too); anything else is a TypeError (Python:
 * AttributeError, the object has no `acquire`).
 */
export function lockFor(option: unknown, owner: string | undefined): () => SharedLock | null {
	if (option === undefined || option === true) return () => new Lock(owner === undefined ? {} : {name: `${owner}.lock`});
	if (option === false) return () => null;
	if (option instanceof Lock) return () => option;
	throw expected('true, false, or a Lock', 'lock', option);
}

/** Locks revived in this process, by id: two values made with one lock share one object here too. */
const revived = new Map<string, SharedLock>();

/** The lock of a value or array that arrived in a child. */
export function reviveLock(handle: Handle | undefined): SharedLock | null {
	if (!handle) return null;
	let lock = revived.get(handle.id);
	if (!lock) {
		lock = Lock.fromHandle(handle);
		revived.set(handle.id, lock);
	}
	return lock;
}
