import {port} from '../ipc/port.ts';
import type {Handle, ValueInfo} from '../ipc/protocol.ts';
import type {ItemInput, ItemOf, Typecode} from '../ipc/typecodes.ts';
import {checkTypecode, showItem, zeroOf} from '../ipc/typecodes.ts';
import {Primitive, sameObject} from './primitive.ts';
import {SharedBlock} from './shared-block.ts';
import type {SharedLock, SharedOptions} from './shared-lock.ts';
import {lockFor, reviveLock} from './shared-lock.ts';

/**
 * One number shared by processes, like Python's `multiprocessing.Value`:
 * it lives in a file in the run's folder, and `.value` reads or writes it
 * there at once (pread/pwrite), whoever wrote it last. `v.value += 1` is a
 * read then a write, so processes doing it together lose updates, as in
 * Python; hold `getLock()` around it to make it exact.
 */
export class Value<T extends Typecode = Typecode> extends Primitive {
	readonly typecode: T;
	readonly #block: SharedBlock<T>;
	readonly #lock: SharedLock | null;

	/**
	 * `typecode`: `'b'`, `'B'`, `'h'`, `'H'`, `'i'`, `'I'`, `'f'`, `'d'` (read
	 * as numbers), `'l'`, `'L'`, `'q'`, `'Q'` (64-bit, read as bigints).
	 * `initial` defaults to 0; integers wrap to the type's width as in ctypes.
	 */
	constructor(typecode: T, initial: ItemInput = zeroOf(typecode), options: SharedOptions = {}, handle?: Handle) {
		if (handle) {
			super('value', undefined, {}, handle);
			this.typecode = handle.typecode as T;
			this.#block = SharedBlock.open(handle.path!, this.typecode, 1);
			this.#lock = reviveLock(handle.lock);
			return;
		}
		const code = checkTypecode(typecode) as T;
		// Everything is checked before anything is made: bad input leaves no file and no lock behind.
		const makeLock = lockFor(options.lock, options.name);
		const block = SharedBlock.create(port().dir, code, [initial], () => 'initial');
		const lock = makeLock();
		super('value', options.name, {path: block.path, typecode: code, length: 1, ...(lock ? {lock: lock.handle} : {})});
		this.typecode = code;
		this.#block = block;
		this.#lock = lock;
	}

	static fromHandle(handle: Handle): Value {
		return sameObject(handle, () => new Value(handle.typecode as Typecode, undefined, {}, handle));
	}

	/** The value now, read from the shared file. */
	get value(): ItemOf<T> {
		return this.#block.get(0);
	}

	/** Write the value to the shared file at once; a value the type refuses throws a TypeError and writes nothing. */
	set value(value: ItemInput) {
		this.#block.set(0, value);
	}

	/**
	 * The lock that guards this value (Python's `get_lock()`). A value made
	 * with `lock: false` has none: a TypeError, as Python's `RawValue` has no
	 * `get_lock` at all.
	 */
	getLock(): SharedLock {
		if (!this.#lock) throw new TypeError(`${this.name} was made with {lock: false} and has no lock (as Python's RawValue has no get_lock())`);
		return this.#lock;
	}

	/** The value, its typecode, its file and its lock's name, read now (no round trip to the broker: the file is the state). */
	info(): ValueInfo {
		return {typecode: this.typecode, value: this.value, path: this.#block.path, lock: this.#lock?.name ?? null};
	}

	protected describe(): string {
		return `'${this.typecode}', ${showItem(this.typecode, this.value)}${this.#lock ? '' : ', lock=false'}`;
	}
}
