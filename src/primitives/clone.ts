import v8 from 'node:v8';
import {MAX_ITEM_BYTES} from '../ipc/limits.ts';

/**
 * An object item this big or bigger is rebuilt once in the sending process,
 * so that one nested too deep to be rebuilt fails there rather than in the
 * receiver. Smaller ones cannot nest deep enough to fail (the leanest
 * nesting, a Set, takes 3 bytes a level; rebuilding fails from about 2,000
 * levels).
 */
const CHECK_DEPTH_BYTES = 1024;

/** What an item was being done with, for messages: `put` … `into queue q`, `send` … `on pipe p`. */
export interface Errand {
	verb: string;
	place: string;
}

/**
 * The structured-clone bytes of `item`, made in the sending process so that
 * what cannot reach another process fails here: a function or symbol, an
 * object nested too deep to be rebuilt (TypeError), more than 1 GiB (RangeError).
 * `prepare` turns the item into what is serialized (its primitives into handles).
 */
export function serialize(item: unknown, errand: Errand, prepare?: (item: unknown) => unknown): Uint8Array {
	const raw = ArrayBuffer.isView(item) || item instanceof ArrayBuffer ? item.byteLength : 0;
	if (raw > MAX_ITEM_BYTES) throw tooBig(raw, errand);
	let encoded: Uint8Array;
	try {
		// `prepare` (primitives to handles) walks the item too: one too deep for it fails as v8's walk does.
		encoded = v8.serialize(prepare ? prepare(item) : item);
	} catch (error) {
		throw new TypeError(`cannot ${errand.verb} ${describe(item)} ${errand.place}: it cannot be copied to another process (${(error as Error).message})`, {
			cause: error,
		});
	}
	if (encoded.byteLength > MAX_ITEM_BYTES) throw tooBig(encoded.byteLength, errand);
	if (raw === 0 && encoded.byteLength >= CHECK_DEPTH_BYTES) {
		try {
			v8.deserialize(encoded);
		} catch (error) {
			throw new TypeError(
				`cannot ${errand.verb} ${describe(item)} ${errand.place}: it is nested too deeply to be rebuilt in another process (${(error as Error).message})`,
				{cause: error},
			);
		}
	}
	return encoded;
}

function tooBig(bytes: number, errand: Errand): RangeError {
	return new RangeError(
		`cannot ${errand.verb} an item of ${bytes} bytes ${errand.place}: one item may take at most ${MAX_ITEM_BYTES} bytes (1 GiB) on its way to another process`,
	);
}

function describe(item: unknown): string {
	if (typeof item === 'function') return `a function (${item.name || 'anonymous'})`;
	if (typeof item === 'symbol') return `a symbol (${String(item)})`;
	return `a value of type ${typeof item}`;
}
