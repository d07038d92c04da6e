import {port} from '../ipc/port.ts';
import type {Handle} from '../ipc/protocol.ts';
import type {Typecode} from '../ipc/typecodes.ts';
import {checkTypecode} from '../ipc/typecodes.ts';
import {Primitive} from './primitive.ts';
import {SharedBlock} from './shared-block.ts';
import type {SharedLock, SharedOptions} from './shared-lock.ts';
import {lockFor, reviveLock} from './shared-lock.ts';

/**
 * What Value and SharedArray share: numbers of one typecode in a file in
 * the run's folder (a SharedBlock), and the lock that guards them, if any.
 */
export abstract class SharedNumbers<T extends Typecode> extends Primitive {
	readonly typecode: T;
	readonly #block: SharedBlock<T>;
	readonly #lock: SharedLock | null;

	/**
	 * Revived from `handle`, or made: the typecode, `items(code)` and the lock
	 * option are all checked before anything is made, so bad input leaves no
	 * file and no lock behind. `nameOf(i)` names item `i` in a TypeError.
	 */
	protected constructor(
		kind: 'value' | 'array',
		typecode: T,
		items: (code: T) => readonly unknown[] | {length: number},
		nameOf: (index: number) => string,
		options: SharedOptions,
		handle?: Handle,
	) {
		if (handle) {
			super(kind, undefined, {}, handle);
			this.typecode = handle.typecode as T;
			this.#block = SharedBlock.open(handle.path!, this.typecode, handle.length!);
			this.#lock = reviveLock(handle.lock);
			return;
		}
		const code = checkTypecode(typecode) as T;
		const content = items(code);
		const makeLock = lockFor(options.lock, options.name);
		const block = SharedBlock.create(port().dir, code, content, nameOf);
		const lock = makeLock();
		super(kind, options.name, {path: block.path, typecode: code, length: block.length, ...(lock ? {lock: lock.handle} : {})});
		this.typecode = code;
		this.#block = block;
		this.#lock = lock;
	}

	/** The file the numbers live in. */
	protected get block(): SharedBlock<T> {
		return this.#block;
	}

	/** The lock that guards the numbers, or null (made with `lock: false`). */
	protected get lock(): SharedLock | null {
		return this.#lock;
	}

	/** `getLock()`: the lock, or a TypeError naming `raw`, Python's lock-less twin (`RawValue`, `RawArray`), which has no `get_lock()`. */
	protected lockOrThrow(raw: string): SharedLock {
		if (!this.#lock) throw new TypeError(`${this.name} was made with {lock: false} and has no lock (as Python's ${raw} has no get_lock())`);
		return this.#lock;
	}
}
