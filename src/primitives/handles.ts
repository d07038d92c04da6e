/**
 * Primitives as they travel between processes (in `Process` arguments and
 * queue items): as their handles, found in arrays and plain objects, and
 * turned back into objects on arrival — the same object for a primitive
 * this process already has.
 */
import {clients} from '../child/clients.ts';
import type {Handle, Kind} from '../ipc/protocol.ts';
import {knownPrimitive, Primitive} from './primitive.ts';

const isPlain = (value: object): boolean => Object.getPrototypeOf(value) === Object.prototype;

/** Whether `value` is, or holds in its arrays and plain objects, a primitive. */
export function holdsPrimitive(value: unknown): boolean {
	if (value instanceof Primitive) return true;
	if (Array.isArray(value)) return value.some(holdsPrimitive);
	if (value && typeof value === 'object' && isPlain(value)) return Object.values(value).some(holdsPrimitive);
	return false;
}

/** A copy of `value` with each primitive replaced by its handle. */
export function toHandles(value: unknown): unknown {
	if (value instanceof Primitive) return value.handle;
	if (Array.isArray(value)) return value.map(toHandles);
	if (value && typeof value === 'object' && isPlain(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toHandles(item)]));
	return value;
}

function asHandle(value: object): Handle | undefined {
	const handle = value as Partial<Handle>;
	return handle.__sync && handle.id ? (handle as Handle) : undefined;
}

/** Handles in a value that arrived, wherever they sit (arrays and plain objects). */
function* handles(value: unknown): Generator<Handle> {
	if (Array.isArray(value)) for (const item of value) yield* handles(item);
	else if (value && typeof value === 'object') {
		const handle = asHandle(value);
		if (handle) yield handle;
		else if (isPlain(value)) for (const item of Object.values(value)) yield* handles(item);
	}
}

/** The value with each handle turned back into its primitive: one object per primitive in this process, however often it arrives. */
export async function revive(value: unknown): Promise<unknown> {
	const found = [...handles(value)];
	const kinds = [...new Set(found.filter(handle => !knownPrimitive(handle.id)).map(handle => handle.__sync))];
	const makers = new Map<Kind, (handle: Handle) => unknown>(await Promise.all(kinds.map(async kind => [kind, await clients[kind]()] as const)));
	const revived = new Map<string, unknown>();
	for (const handle of found) if (!revived.has(handle.id)) revived.set(handle.id, knownPrimitive(handle.id) ?? makers.get(handle.__sync)!(handle));
	const swap = (item: unknown): unknown => {
		if (Array.isArray(item)) return item.map(swap);
		if (item && typeof item === 'object') {
			const handle = asHandle(item);
			if (handle) return revived.get(handle.id);
			if (isPlain(item)) return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, swap(inner)]));
		}
		return item;
	};
	return swap(value);
}
