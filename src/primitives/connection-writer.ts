import net from 'node:net';
import type {Port} from '../ipc/port.ts';
import type {End} from '../ipc/protocol.ts';
import type {Errand} from './clone.ts';
import {encodeFrame, helloFrame} from './frames.ts';

/** Bytes a turn's messages may pile up before they are written at once. */
const FLUSH_BYTES = 64 * 1024;
/**
 * Bytes not yet taken by the socket past which `send()` waits (Python's send blocks on a full pipe);
 * through the broker, bytes queued there for the other end.
 */
export const HIGH_WATER = 4 * 2 ** 20;

/**
 * The sending half of one end in this process. Messages go through the
 * broker until it says where the other end's reader listens; from then on
 * straight over a Unix socket in the run's folder, written once per turn of
 * the event loop. Every message carries this process's pid and its number
 * on this end, so the reader restores their order across both routes.
 */
export class Writer {
	readonly #port: Port;
	readonly #pipe: string;
	readonly #end: End;
	#seq = 0;
	#socket: net.Socket | undefined;
	#asking = false;
	/** Where the reader listens as far as this writer knows ('' = through the broker). */
	#path = '';
	#pending: Buffer[] = [];
	#pendingBytes = 0;
	/** Bytes sent through the broker since this writer last asked it whether to wait. */
	#sinceAsked = 0;
	#scheduled = false;
	#closed = false;

	constructor(port: Port, pipe: string, end: End) {
		this.#port = port;
		this.#pipe = pipe;
		this.#end = end;
	}

	/** Send a copy of `value` (what cannot be copied throws here); resolves at once unless the socket is backed up. */
	send(value: unknown, errand: Errand): Promise<void> | undefined {
		const socket = this.#socket;
		const bytes = encodeFrame(this.#port.pid, this.#seq, value, errand, socket !== undefined);
		this.#seq++;
		if (!socket) {
			this.#port.post({op: 'connection.send', target: this.#pipe, end: this.#end, items: [bytes]});
			this.#askRoute();
			this.#sinceAsked += bytes.length;
			if (this.#sinceAsked < HIGH_WATER) return undefined;
			// Each limit's worth, the broker says whether the other end is that far behind: then this waits there, where hang detection sees it.
			this.#sinceAsked = 0;
			return this.#port.request({op: 'connection.sendWait', target: this.#pipe, end: this.#end}).then(() => undefined);
		}
		if (!this.#scheduled) {
			// The first message leaves at once (a ping-pong waits for it); the next ones, until the
			// code running now yields, are written together: a loop of sends that never waits for
			// anything is written in a few large writes.
			this.#scheduled = true;
			process.nextTick(() => this.#flush());
			socket.write(bytes);
		} else {
			this.#pending.push(bytes);
			this.#pendingBytes += bytes.length;
			if (this.#pendingBytes >= FLUSH_BYTES) this.#flush(false);
		}
		if (socket.writableLength + this.#pendingBytes <= HIGH_WATER) return undefined;
		this.#flush(false);
		return new Promise(resolve => {
			const done = () => {
				socket.off('drain', done).off('close', done);
				resolve();
			};
			socket.on('drain', done).on('close', done);
		});
	}

	/**
	 * Ask the broker where the other end's reader listens, and keep asking:
	 * each answer says it changed (a reader came, closed its end, died), and
	 * the next request waits for the next change.
	 */
	#askRoute(): void {
		if (this.#asking || this.#closed) return;
		this.#asking = true;
		const known = this.#path;
		this.#port.request({op: 'connection.route', target: this.#pipe, end: this.#end, known}).then(
			({path}) => {
				this.#asking = false;
				if (this.#closed) return;
				if (path !== this.#path) this.#switchTo(path);
				this.#askRoute();
			},
			() => {
				this.#asking = false;
			},
		);
	}

	/** Leave the socket to the reader before (its end goes after every byte written to it) for the new one, or for the broker. */
	#switchTo(path: string): void {
		this.#flush(false);
		this.#socket?.end();
		this.#socket = undefined;
		this.#path = path;
		if (path) this.#connect(path);
	}

	#connect(path: string): void {
		const socket = net.connect(path);
		socket.unref();
		socket.write(helloFrame(this.#port.pid));
		// The reader died (or its socket is gone): what was written to it is lost with it, as
		// documented; later messages go through the broker until the broker names a new reader.
		socket.on('error', () => {
			socket.destroy();
			if (this.#socket !== socket) return;
			this.#socket = undefined;
			this.#pending = [];
			this.#pendingBytes = 0;
		});
		this.#socket = socket;
	}

	/** Write what piled up; `turnOver` false: the code that sends goes on without yielding. */
	#flush(turnOver = true): void {
		if (turnOver) this.#scheduled = false;
		if (this.#pending.length === 0) return;
		const data = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes);
		this.#pending = [];
		this.#pendingBytes = 0;
		this.#socket?.write(data);
	}

	/** Write what is pending and end the socket; resolves once the system has taken every byte. */
	close(): Promise<void> {
		this.#closed = true;
		this.#flush();
		const socket = this.#socket;
		this.#socket = undefined;
		if (!socket || socket.destroyed) return Promise.resolve();
		return new Promise(resolve => {
			socket.once('close', () => resolve());
			socket.end(() => resolve());
		});
	}
}
