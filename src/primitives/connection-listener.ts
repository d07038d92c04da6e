import net from 'node:net';
import {FrameReader, framePid, frameSeq} from './frames.ts';

/** Longest path a Unix socket takes (sun_path, less its terminating byte). */
const MAX_SOCKET_PATH = 107;
/** How long a letting-go reader waits for a named sender that has no socket open to it (its connect may have failed). */
const UNCONNECTED_MS = 2000;

/** What the listener hands its reader. */
export interface ListenerEvents {
	/** A frame from a socket, while the reader reads. */
	frame(frame: Uint8Array): void;
	/** Data came or a socket closed: the reader looks at its waiters again. */
	changed(): void;
	/** Frames that came after the reader let go: they go back to the broker. */
	late(frames: Uint8Array[]): void;
}

/**
 * The Unix socket an end's reader listens on in the run's folder, and the
 * senders' connections to it. Each connection says first who writes on it
 * (a hello frame), so that a reader letting go knows when every sender the
 * broker named has stopped.
 */
export class Listener {
	readonly #events: ListenerEvents;
	#server: net.Server | undefined;
	readonly #sockets = new Set<net.Socket>();
	#reading = true;
	#refd = false;
	/** Senders whose sockets must end before the reader lets go; the pids whose sockets ended. */
	#waitFor: Set<number> | undefined;
	readonly #gone = new Set<number>();
	/** Open sockets per writer pid (known from their hello frames). */
	readonly #connected = new Map<number, number>();
	/** Past this, named senders with no socket open are no longer waited for. */
	#graceOver = false;
	#grace: NodeJS.Timeout | undefined;
	#drained: (() => void) | undefined;

	constructor(events: ListenerEvents) {
		this.#events = events;
	}

	/** Listen at `where`; the path, or '' when it cannot be used (too long for a socket, or taken). */
	async listen(where: string): Promise<string> {
		if (Buffer.byteLength(where) > MAX_SOCKET_PATH) return '';
		const server = net.createServer(socket => this.#accept(socket));
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(where, resolve);
			});
		} catch {
			return '';
		}
		server.unref();
		this.#server = server;
		return where;
	}

	/** Connections still open. */
	get open(): number {
		return this.#sockets.size;
	}

	/** A process waiting for a message stays alive for it (the server is unreferenced otherwise). */
	hold(waiting: boolean): void {
		if (waiting === this.#refd || !this.#server) return;
		this.#refd = waiting;
		this.#server[waiting ? 'ref' : 'unref']();
	}

	/** The reader lets go: from now on what comes is late. */
	stopReading(): void {
		this.#reading = false;
	}

	/**
	 * Resolves once every sender in `senders` (pids the broker named) has
	 * ended its connection; until then the server still accepts, so nothing
	 * on its way is lost. A sender with a socket open is waited for however
	 * long it takes (busy, it has not yet heard that this reader lets go, and
	 * what it writes must not be lost); one with none open, only for a moment.
	 */
	drain(senders: number[]): Promise<void> {
		this.#waitFor = new Set(senders);
		this.#grace = setTimeout(() => {
			this.#graceOver = true;
			this.#check();
		}, UNCONNECTED_MS);
		return new Promise(resolve => {
			this.#drained = resolve;
			this.#check();
		});
	}

	close(): void {
		this.#reading = false;
		this.#waitFor = undefined;
		this.#server?.close();
		this.#server = undefined;
		clearTimeout(this.#grace);
		this.#drained?.();
	}

	#check(): void {
		if (!this.#waitFor) return;
		for (const pid of this.#waitFor) if (this.#gone.has(pid) || (this.#graceOver && !this.#connected.has(pid))) this.#waitFor.delete(pid);
		if (this.#waitFor.size === 0) this.close();
	}

	#accept(socket: net.Socket): void {
		socket.unref();
		this.#sockets.add(socket);
		const frames = new FrameReader();
		let writer: number | undefined;
		const late: Uint8Array[] = [];
		const take = (frame: Buffer) => {
			if (frameSeq(frame) < 0) {
				writer = framePid(frame);
				this.#connected.set(writer, (this.#connected.get(writer) ?? 0) + 1);
				this.#gone.delete(writer);
			} else if (this.#reading) this.#events.frame(frame);
			else late.push(frame);
		};
		socket.on('data', chunk => {
			frames.push(chunk, take);
			if (late.length > 0) this.#events.late(late.splice(0));
			this.#events.changed();
		});
		socket.on('error', () => {});
		socket.on('close', () => {
			this.#sockets.delete(socket);
			if (writer !== undefined) {
				const open = (this.#connected.get(writer) ?? 1) - 1;
				if (open > 0) this.#connected.set(writer, open);
				else {
					this.#connected.delete(writer);
					this.#gone.add(writer);
				}
			}
			this.#check();
			this.#events.changed();
		});
	}
}
