/**
 * Primitives as they travel between processes (in `Process` arguments and
 * queue items): as their handles, found in arrays and plain objects, and
 * turned back into objects on arrival — only where the sender put them, and
 * the same object for a primitive this process already has.
 */
import {clients} from '../child/clients.ts';
import type {Handle, Kind} from '../ipc/protocol.ts';
import {knownPrimitive, Primitive} from './primitive.ts';

const isPlain = (value: object): boolean => Object.getPrototypeOf(value) === Object.prototype;

/** Whether `value` is, or holds in its arrays and plain objects, a primitive. */
export function holdsPrimitive(value: unknown): boolean {
	// Every put() of an array or object walks it: numbers and strings, most of a big item, cost one test each.
	if (value === null || typeof value !== 'object') return false;
	if (value instanceof Primitive) return true;
	if (Array.isArray(value)) {
		for (const entry of value) if (typeof entry === 'object' && entry !== null && holdsPrimitive(entry)) return true;
		return false;
	}
	return isPlain(value) && Object.values(value).some(holdsPrimitive);
}

/** Where a handle sits in a value: the indexes (arrays) and keys (plain objects) down to it. */
export type Place = Array<number | string>;

/**
 * A value on its way to another process: its primitives as handles, and the
 * places where the sender put them. Only those places are revived on
 * arrival: plain data that merely looks like a handle (parsed from JSON,
 * say) has no place listed and arrives as that data.
 */
export interface Packed {
	value: unknown;
	places: Place[];
}

/** `value` ready to travel: a copy with each primitive replaced by its handle, and where each one sits. */
export function pack(value: unknown): Packed {
	const places: Place[] = [];
	const at: Place = [];
	const walk = (item: unknown): unknown => {
		if (item instanceof Primitive) {
			places.push([...at]);
			return item.handle;
		}
		// A copy only where a primitive was replaced below; anything else travels as it is.
		let changed = false;
		const down = (key: number | string, inner: unknown): unknown => {
			at.push(key);
			const done = walk(inner);
			at.pop();
			changed ||= done !== inner;
			return done;
		};
		if (Array.isArray(item)) {
			const copy = item.map((inner, index) => down(index, inner));
			return changed ? copy : item;
		}
		if (!(item && typeof item === 'object' && isPlain(item))) return item;
		const copy = Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, down(key, inner)]));
		return changed ? copy : item;
	};
	return {value: walk(value), places};
}

function asHandle(value: unknown): Handle | undefined {
	const handle = value as Partial<Handle> | null;
	return handle && typeof handle === 'object' && typeof handle.__sync === 'string' && typeof handle.id === 'string' ? (handle as Handle) : undefined;
}

/** The handle at `place` in `value` (as `pack` put it there), or a TypeError: the places came with the value, from its sender. */
function handleAt(value: unknown, place: unknown): Handle {
	if (!Array.isArray(place)) throw new TypeError(`Expected a handle's place to be an array of keys, got ${typeof place}`);
	let item = value;
	for (const key of place) {
		const inArray = Array.isArray(item) && typeof key === 'number';
		const inObject = item !== null && typeof item === 'object' && !Array.isArray(item) && isPlain(item) && typeof key === 'string' && Object.hasOwn(item, key);
		if (!inArray && !inObject) throw new TypeError(`Expected a handle at ${JSON.stringify(place)}, found no such place in the value that arrived`);
		item = (item as Record<number | string, unknown>)[key];
	}
	const handle = asHandle(item);
	if (!handle) throw new TypeError(`Expected a handle at ${JSON.stringify(place)}, got ${typeof item}`);
	return handle;
}

/**
 * What `pack` made, with the handles at its places turned back into
 * primitives: one object per primitive in this process, however often it
 * arrives. Nothing else in the value is taken for a handle. `value` must be
 * fresh from deserialization: its arrays and objects on the way to a place
 * are changed in place.
 */
export async function revive(value: unknown, places: readonly unknown[]): Promise<unknown> {
	if (!Array.isArray(places)) throw new TypeError(`Expected the places of handles to be an array, got ${typeof places}`);
	const found = places.map(place => ({place: place as Place, handle: handleAt(value, place)}));
	const kinds = [...new Set(found.filter(({handle}) => !knownPrimitive(handle.id)).map(({handle}) => handle.__sync))];
	for (const kind of kinds) if (!Object.hasOwn(clients, kind)) throw new TypeError(`Expected a handle of a known kind, got ${JSON.stringify(kind)}`);
	const makers = new Map<Kind, (handle: Handle) => unknown>(await Promise.all(kinds.map(async kind => [kind, await clients[kind]()] as const)));
	const revived = new Map<string, unknown>();
	let top = value;
	for (const {place, handle} of found) {
		if (!revived.has(handle.id)) revived.set(handle.id, knownPrimitive(handle.id) ?? makers.get(handle.__sync)!(handle));
		const object = revived.get(handle.id);
		if (place.length === 0) top = object;
		else {
			let parent = value as Record<number | string, unknown>;
			for (const key of place.slice(0, -1)) parent = parent[key] as Record<number | string, unknown>;
			parent[place.at(-1)!] = object;
		}
	}
	return top;
}
