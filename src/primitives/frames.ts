/**
 * A pipe message as it travels: [pid u32][seq f64][tag u8][payload]. The
 * sender's pid and its own count of messages on that end let the reader put
 * back in order what came partly through the broker and partly straight
 * over a socket. Numbers, strings, booleans, null and undefined travel as
 * they are (tagged); anything else as its structured-clone bytes, made in
 * the sender so that what cannot be copied fails there. On a socket each
 * frame is preceded by its length (u32).
 */
import v8 from 'node:v8';
import type {Errand} from './clone.ts';
import {serialize} from './clone.ts';

/** Bytes before the payload: pid, seq and tag. */
const HEADER = 13;
/** Bytes of the length before each frame on a socket. */
export const PREFIX = 4;

const CLONE = 0;
const NUMBER = 1;
const STRING = 2;
const TRUE = 3;
const FALSE = 4;
const NULL = 5;
const UNDEFINED = 6;

/**
 * One message as a frame; with `prefixed`, its length goes first, as a
 * socket carries it. Throws (TypeError, RangeError) for what cannot be sent.
 */
export function encodeFrame(pid: number, seq: number, value: unknown, errand: Errand, prefixed: boolean): Buffer {
	let tag: number;
	let size = 0;
	let bytes: Uint8Array | undefined;
	switch (typeof value) {
		case 'number':
			tag = NUMBER;
			size = 8;
			break;
		case 'string':
			tag = STRING;
			size = Buffer.byteLength(value);
			break;
		case 'boolean':
			tag = value ? TRUE : FALSE;
			break;
		case 'undefined':
			tag = UNDEFINED;
			break;
		default:
			if (value === null) tag = NULL;
			else {
				tag = CLONE;
				bytes = serialize(value, errand);
				size = bytes.byteLength;
			}
	}
	const start = prefixed ? PREFIX : 0;
	const out = Buffer.allocUnsafe(start + HEADER + size);
	if (prefixed) out.writeUInt32LE(HEADER + size, 0);
	out.writeUInt32LE(pid, start);
	out.writeDoubleLE(seq, start + 4);
	out[start + 12] = tag;
	if (tag === NUMBER) out.writeDoubleLE(value as number, start + HEADER);
	else if (tag === STRING) out.write(value as string, start + HEADER, 'utf8');
	else if (bytes) out.set(bytes, start + HEADER);
	return out;
}

/** The value a frame carries; a structured clone that cannot be rebuilt here throws. */
export function decodeFrame(frame: Uint8Array): unknown {
	const buffer = view(frame);
	switch (buffer[12]) {
		case NUMBER:
			return buffer.readDoubleLE(HEADER);
		case STRING:
			return buffer.toString('utf8', HEADER);
		case TRUE:
			return true;
		case FALSE:
			return false;
		case NULL:
			return null;
		case UNDEFINED:
			return undefined;
		default:
			return v8.deserialize(buffer.subarray(HEADER));
	}
}

/** The first frame on a new socket: who writes there (seq -1, no payload). */
export function helloFrame(pid: number): Buffer {
	const out = Buffer.alloc(PREFIX + HEADER);
	out.writeUInt32LE(HEADER, 0);
	out.writeUInt32LE(pid, PREFIX);
	out.writeDoubleLE(-1, PREFIX + 4);
	return out;
}

export function framePid(frame: Uint8Array): number {
	return view(frame).readUInt32LE(0);
}

export function frameSeq(frame: Uint8Array): number {
	return view(frame).readDoubleLE(4);
}

function view(bytes: Uint8Array): Buffer {
	return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Cuts a socket's byte stream back into frames, whatever the chunks. */
export class FrameReader {
	#chunks: Buffer[] = [];
	#length = 0;

	/** Feed a chunk; calls `onFrame` for every frame it completes. */
	push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
		let data = chunk;
		if (this.#length > 0) {
			this.#chunks.push(chunk);
			this.#length += chunk.length;
			if (this.#length < PREFIX) return;
			const head = this.#chunks[0]!.length >= PREFIX ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#length);
			if (this.#length < PREFIX + head.readUInt32LE(0)) return;
			data = Buffer.concat(this.#chunks, this.#length);
			this.#chunks = [];
			this.#length = 0;
		}
		let offset = 0;
		while (data.length - offset >= PREFIX) {
			const size = data.readUInt32LE(offset);
			if (data.length - offset < PREFIX + size) break;
			onFrame(data.subarray(offset + PREFIX, offset + PREFIX + size));
			offset += PREFIX + size;
		}
		if (offset < data.length) {
			this.#chunks.push(data.subarray(offset));
			this.#length = data.length - offset;
		}
	}
}
