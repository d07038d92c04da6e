import fs from 'node:fs';
import {expected, ValueError} from '../errors.ts';
import {createSharedFile, MAX_SHARED_BYTES, openSharedFile, readAt, writeAt} from '../ipc/shared-file.ts';
import type {ItemOf, Typecode} from '../ipc/typecodes.ts';
import {itemSize, readItem, writeItem} from '../ipc/typecodes.ts';

/** A block's descriptor is closed once nothing in this process can reach the block any more. */
const descriptors = new FinalizationRegistry<number>(fd => {
	try {
		fs.closeSync(fd);
	} catch {}
});

/**
 * `length` items of one typecode in a shared file, read and written in place
 * with pread/pwrite on a descriptor this process keeps: every read sees the
 * last write of any process, and nothing makes a read-modify-write atomic.
 */
export class SharedBlock<T extends Typecode = Typecode> {
	readonly path: string;
	readonly typecode: T;
	readonly length: number;
	readonly #size: number;
	readonly #fd: number;
	/** One item's bytes and a view on them, kept for every get and set. */
	readonly #item: Uint8Array;
	readonly #view: DataView;

	private constructor(path: string, fd: number, typecode: T, length: number) {
		this.path = path;
		this.#fd = fd;
		this.typecode = typecode;
		this.length = length;
		this.#size = itemSize(typecode);
		this.#item = new Uint8Array(this.#size);
		this.#view = new DataView(this.#item.buffer);
		descriptors.register(this, fd);
	}

	/**
	 * A new file in the run's folder `dir` holding `items` (each checked: a
	 * TypeError naming `nameOf(i)` before any file is made), or `length` zeros.
	 */
	static create<T extends Typecode>(dir: string, typecode: T, items: readonly unknown[] | {length: number}, nameOf: (index: number) => string): SharedBlock<T> {
		const content = Array.isArray(items) ? encode(typecode, items, nameOf) : items.length * itemSize(typecode);
		const {path, fd} = createSharedFile(dir, content);
		return new SharedBlock(path, fd, typecode, items.length);
	}

	/** The block another process made, from its handle's fields. */
	static open<T extends Typecode>(path: string, typecode: T, length: number): SharedBlock<T> {
		return new SharedBlock(path, openSharedFile(path, length * itemSize(typecode)), typecode, length);
	}

	/** The item at `index` (checked by the caller), read now from the file. */
	get(index: number): ItemOf<T> {
		readAt(this.#fd, this.#item, index * this.#size);
		return readItem(this.#view, 0, this.typecode);
	}

	/** Write `value` at `index` (checked by the caller); a value the type refuses throws before anything is written. */
	set(index: number, value: unknown, name = 'value'): void {
		writeItem(this.#view, 0, this.typecode, value, name);
		writeAt(this.#fd, this.#item, index * this.#size);
	}

	/** The first `count` items (all by default), in one pread. */
	all(count = this.length): Array<ItemOf<T>> {
		const bytes = new Uint8Array(Math.min(count, this.length) * this.#size);
		readAt(this.#fd, bytes, 0);
		const view = new DataView(bytes.buffer);
		return Array.from({length: bytes.length / this.#size}, (_, i) => readItem(view, i * this.#size, this.typecode));
	}
}

/** `items` as the bytes of a new block: checked one by one, a TypeError naming the first bad one. */
function encode(typecode: Typecode, items: readonly unknown[], nameOf: (index: number) => string): Uint8Array {
	const size = itemSize(typecode);
	if (items.length * size > MAX_SHARED_BYTES) throw new RangeError(`${items.length} items of typecode '${typecode}' take more than ${MAX_SHARED_BYTES} bytes`);
	const bytes = new Uint8Array(items.length * size);
	const view = new DataView(bytes.buffer);
	for (let i = 0; i < items.length; i++) writeItem(view, i * size, typecode, items[i], nameOf(i));
	return bytes;
}

/** A SharedArray's size or items, as `new SharedArray(typecode, lengthOrValues)` takes them (Python's `size_or_initializer`). */
export function itemsFrom(typecode: Typecode, lengthOrValues: unknown): unknown[] | {length: number} {
	if (typeof lengthOrValues === 'number') {
		if (!Number.isInteger(lengthOrValues)) throw expected('an integer length or an iterable of values', 'lengthOrValues', lengthOrValues);
		// Python (ctypes): ValueError, "Array length must be >= 0".
		if (lengthOrValues < 0) throw new ValueError(`a SharedArray's length must be ≥ 0, got ${lengthOrValues}`);
		if (lengthOrValues * itemSize(typecode) > MAX_SHARED_BYTES)
			throw new RangeError(`${lengthOrValues} items of typecode '${typecode}' take more than ${MAX_SHARED_BYTES} bytes`);
		return {length: lengthOrValues};
	}
	// A string is iterable too, but its characters are no numbers: refused as a whole.
	if (typeof lengthOrValues === 'object' && lengthOrValues !== null && Symbol.iterator in lengthOrValues) {
		return [...(lengthOrValues as Iterable<unknown>)];
	}
	throw expected('an integer length or an iterable of values', 'lengthOrValues', lengthOrValues);
}

/** `index` as a position in `length` items: an integer, negative counting from the end (as ctypes arrays take it). */
export function checkIndex(index: unknown, length: number): number {
	if (typeof index !== 'number' || !Number.isInteger(index)) throw expected('an integer index', 'index', index);
	const at = index < 0 ? index + length : index;
	// Python: IndexError, "invalid index".
	if (at < 0 || at >= length) throw new RangeError(`index ${index} is out of range for ${length} item(s)`);
	return at;
}
