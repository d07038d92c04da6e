import type {Handle, SharedArrayInfo} from '../ipc/protocol.ts';
import type {ItemInput, ItemOf, Typecode} from '../ipc/typecodes.ts';
import {showItem} from '../ipc/typecodes.ts';
import {sameObject} from './primitive.ts';
import {checkIndex, itemsFrom} from './shared-block.ts';
import type {SharedLock, SharedOptions} from './shared-lock.ts';
import {SharedNumbers} from './shared-numbers.ts';

/** Items shown by `util.inspect` before the rest is counted. */
const SHOWN = 10;

/**
 * A fixed-length array of numbers shared by processes, like Python's
 * `multiprocessing.Array`: its items live in a file in the run's folder and
 * `get(i)`/`set(i, x)` read or write one in place (pread/pwrite). As with
 * `Value`, `a.set(i, a.get(i) + 1)` loses updates when processes do it
 * together; hold `getLock()` around it to make it exact.
 */
export class SharedArray<T extends Typecode = Typecode> extends SharedNumbers<T> {
	/**
	 * `lengthOrValues`: a length (items start at 0) or an iterable of the
	 * items (Python's `size_or_initializer`). Typecodes as for `Value`.
	 */
	constructor(typecode: T, lengthOrValues: number | Iterable<ItemInput>, options: SharedOptions = {}, handle?: Handle) {
		super(
			'array',
			typecode,
			code => itemsFrom(code, lengthOrValues),
			i => `lengthOrValues[${i}]`,
			options,
			handle,
		);
	}

	static fromHandle(handle: Handle): SharedArray {
		return sameObject(handle, () => new SharedArray(handle.typecode as Typecode, 0, {}, handle));
	}

	get length(): number {
		return this.block.length;
	}

	/** The item at `index` now (negative counts from the end); an index out of range is a RangeError (Python's IndexError). */
	get(index: number): ItemOf<T> {
		return this.block.get(checkIndex(index, this.length));
	}

	/** Write the item at `index` at once; a value the type refuses throws a TypeError and writes nothing. */
	set(index: number, value: ItemInput): void {
		this.block.set(checkIndex(index, this.length), value, 'value');
	}

	/** Every item now, read in one pread (Python's `arr[:]`). */
	toArray(): Array<ItemOf<T>> {
		return this.block.all();
	}

	*[Symbol.iterator](): Iterator<ItemOf<T>> {
		yield* this.toArray();
	}

	/** The lock that guards the items (Python's `get_lock()`); a TypeError for an array made with `lock: false`. */
	getLock(): SharedLock {
		return this.lockOrThrow('RawArray');
	}

	/** Its typecode, length, file and lock's name (local: the file is the state). */
	info(): SharedArrayInfo {
		return {typecode: this.typecode, length: this.length, path: this.block.path, lock: this.lock?.name ?? null};
	}

	protected describe(): string {
		const shown = this.block.all(SHOWN).map(item => showItem(this.typecode, item));
		if (this.length > SHOWN) shown.push(`… ${this.length - SHOWN} more`);
		return `'${this.typecode}', [${shown.join(', ')}]${this.lock ? '' : ', lock=false'}`;
	}
}
