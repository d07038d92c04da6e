import type {Handle, SharedArrayInfo, ValueInfo} from '../ipc/protocol.ts';
import {readSharedFile} from '../ipc/shared-file.ts';
import type {Typecode} from '../ipc/typecodes.ts';
import {itemSize, readItem} from '../ipc/typecodes.ts';
import type {OpOf, Unit} from './unit.ts';
import {unhandled} from './unit.ts';

/**
 * A shared Value or SharedArray as the broker knows it: registered, with
 * its file and its lock, and no operations. Its state is the file, which
 * every process reads and writes in place with pread/pwrite; nothing waits
 * on it (its lock is a primitive of its own, with its own unit), so there
 * is nothing for the broker to serve, park or take back when a process
 * dies. The file goes with the run's folder.
 */
abstract class SharedUnit {
	readonly #path: string;
	readonly #typecode: Typecode;
	readonly #length: number;
	readonly #lock: string | null;

	constructor(handle: Handle) {
		this.#path = handle.path!;
		this.#typecode = handle.typecode as Typecode;
		this.#length = handle.length!;
		this.#lock = handle.lock?.name ?? null;
	}

	protected facts(): {typecode: Typecode; length: number; path: string; lock: string | null} {
		return {typecode: this.#typecode, length: this.#length, path: this.#path, lock: this.#lock};
	}

	/** The first item, read from the file now. */
	protected first(): number | bigint {
		const bytes = readSharedFile(this.#path, this.#length * itemSize(this.#typecode));
		return readItem(new DataView(bytes.buffer), 0, this.#typecode);
	}
}

export class ValueUnit extends SharedUnit implements Unit<'value'> {
	readonly kind = 'value';

	info(): ValueInfo {
		const {typecode, path, lock} = this.facts();
		return {typecode, value: this.first(), path, lock};
	}

	/** A value has no operations: the protocol has none for it, so nothing reaches here. */
	handle(_peer: unknown, op: OpOf<'value'>): void {
		unhandled(op);
	}
}

export class ArrayUnit extends SharedUnit implements Unit<'array'> {
	readonly kind = 'array';

	info(): SharedArrayInfo {
		return this.facts();
	}

	/** An array has no operations either. */
	handle(_peer: unknown, op: OpOf<'array'>): void {
		unhandled(op);
	}
}
