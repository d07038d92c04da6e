/**
 * How much one IPC message may carry. The fork channel (advanced
 * serialization) cannot rebuild a message of 2 GiB or more: measured on
 * Node 20, 2^31 − 64 bytes arrive, 2^31 + 1 MiB make the receiving process
 * throw "Unable to deserialize cloned data" from the channel itself, where
 * no handler can catch it. So every sender keeps its messages far below.
 */
import v8 from 'node:v8';
import type {Op, Reply, Wire} from './protocol.ts';

/** A batch (of a child's calls, or of replies to it) leaves once it holds this much. */
export const BATCH_BYTES = 64 * 2 ** 20;

/** Largest queue item: half of what the channel carries, so its message never nears the limit. */
export const MAX_ITEM_BYTES = 2 ** 30;

/** Bytes an item takes in a message: a string at most two a character (V8 stores one or two). */
export function wireBytes(item: Wire): number {
	if (typeof item === 'string') return item.length * 2;
	if (item instanceof Uint8Array) return item.byteLength;
	return 8;
}

function itemsBytes(items: readonly Wire[] | undefined): number {
	let bytes = 0;
	if (items) for (const item of items) bytes += wireBytes(item);
	return bytes;
}

/** Bytes an operation takes in a message. */
export function opBytes(op: Op): number {
	return (
		64 +
		op.target.length * 2 +
		('text' in op ? op.text.length * 2 : 0) +
		('items' in op ? itemsBytes(op.items) : 0) +
		('args' in op ? op.args.byteLength : 0) +
		('data' in op && op.data ? dataBytes(op.data) : 0)
	);
}

/** Bytes of the facts a log line carries (small, as a rule: they are counted exactly). */
function dataBytes(data: Record<string, unknown>): number {
	return v8.serialize(data).byteLength;
}

export function replyBytes(reply: Reply): number {
	return 64 + ('message' in reply ? reply.message.length * 2 : 0) + ('items' in reply ? itemsBytes(reply.items) : 0);
}
