import {expected} from '../errors.ts';
import type {Handle} from '../ipc/protocol.ts';
import {Lock} from './lock.ts';
import {RLock} from './rlock.ts';

/** The lock a Value or SharedArray carries: a new RLock by default (as in Python), or the Lock or RLock it was given. */
export type SharedLock = RLock | Lock;

/** `lock` of `new Value(…)` and `new SharedArray(…)`: true (a new RLock, the default), false (none), or a Lock or RLock to use. */
export type LockOption = boolean | SharedLock;

/** Options of `new Value(…)` and `new SharedArray(…)`. */
export interface SharedOptions {
	/** true (default): a new RLock, returned by `getLock()`; false: none (Python's `RawValue`, `RawArray`); or the Lock or RLock to use. */
	lock?: LockOption;
	name?: string;
}

/**
 * How to get the lock `option` asks for, checked now and made later (once
 * the value's items are checked too); anything else is a TypeError (Python:
 * AttributeError, the object has no `acquire`).
 */
export function lockFor(option: unknown, owner: string | undefined): () => SharedLock | null {
	if (option === undefined || option === true) return () => new RLock(owner === undefined ? {} : {name: `${owner}.lock`});
	if (option === false) return () => null;
	if (option instanceof RLock || option instanceof Lock) return () => option;
	throw expected('true, false, a Lock or an RLock', 'lock', option);
}

/** The lock of a value or array that arrived in a child: the same object as that lock passed on its own, or with another value. */
export function reviveLock(handle: Handle | undefined): SharedLock | null {
	if (!handle) return null;
	return handle.__sync === 'rlock' ? RLock.fromHandle(handle) : Lock.fromHandle(handle);
}
