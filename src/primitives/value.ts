import type {Handle, ValueInfo} from '../ipc/protocol.ts';
import type {ItemInput, ItemOf, Typecode} from '../ipc/typecodes.ts';
import {showItem, zeroOf} from '../ipc/typecodes.ts';
import {sameObject} from './primitive.ts';
import type {SharedLock, SharedOptions} from './shared-lock.ts';
import {SharedNumbers} from './shared-numbers.ts';

/**
 * One number shared by processes, like Python's `multiprocessing.Value`:
 * it lives in a file in the run's folder, and `.value` reads or writes it
 * there at once (pread/pwrite), whoever wrote it last. `v.value += 1` is a
 * read then a write, so processes doing it together lose updates, as in
 * Python; hold `getLock()` around it to make it exact.
 */
export class Value<T extends Typecode = Typecode> extends SharedNumbers<T> {
	/**
	 * `typecode`: `'b'`, `'B'`, `'h'`, `'H'`, `'i'`, `'I'`, `'f'`, `'d'` (read
	 * as numbers), `'l'`, `'L'`, `'q'`, `'Q'` (64-bit, read as bigints).
	 * `initial` defaults to 0; integers wrap to the type's width as in ctypes.
	 */
	constructor(typecode: T, initial: ItemInput = zeroOf(typecode), options: SharedOptions = {}, handle?: Handle) {
		super(
			'value',
			typecode,
			() => [initial],
			() => 'initial',
			options,
			handle,
		);
	}

	static fromHandle(handle: Handle): Value {
		return sameObject(handle, () => new Value(handle.typecode as Typecode, undefined, {}, handle));
	}

	/** The value now, read from the shared file. */
	get value(): ItemOf<T> {
		return this.block.get(0);
	}

	/** Write the value to the shared file at once; a value the type refuses throws a TypeError and writes nothing. */
	set value(value: ItemInput) {
		this.block.set(0, value);
	}

	/**
	 * The lock that guards this value (Python's `get_lock()`). A value made
	 * with `lock: false` has none: a TypeError, as Python's `RawValue` has no
	 * `get_lock` at all.
	 */
	getLock(): SharedLock {
		return this.lockOrThrow('RawValue');
	}

	/** The value, its typecode, its file and its lock's name, read now (no round trip to the broker: the file is the state). */
	info(): ValueInfo {
		return {typecode: this.typecode, value: this.value, path: this.block.path, lock: this.lock?.name ?? null};
	}

	protected describe(): string {
		return `'${this.typecode}', ${showItem(this.typecode, this.value)}${this.lock ? '' : ', lock=false'}`;
	}
}
