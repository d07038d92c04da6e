import {Closed, expected, ValueError} from '../errors.ts';
import {exitHooks, port} from '../ipc/port.ts';
import type {ConnectionInfo, End, Handle} from '../ipc/protocol.ts';
import {Reader} from './connection-reader.ts';
import {Writer} from './connection-writer.ts';
import {decodeFrame} from './frames.ts';
import {Primitive} from './primitive.ts';

export interface PipeOptions {
	/** Both ends send and receive (default); false: the first end only receives, the second only sends. */
	duplex?: boolean;
	name?: string;
}

export interface PollOptions {
	/** Milliseconds to wait for something to receive: 0 (default) looks without waiting, Infinity waits as long as it takes. */
	timeout?: number;
}

let pipes = 0;
const SENT = Promise.resolve();

/** Connections open in this process: on the way out, what they still have to write is written. */
const open = new Set<Connection>();
exitHooks.add(() => Promise.all([...open].map(connection => connection.finish())));

/**
 * Two connected ends, like Python's `multiprocessing.Pipe()`. Pass an end
 * to a child in `Process` arguments; the process that made the pipe holds
 * both ends until it closes them, as in Python, so `recv()` on one end sees
 * `EOFError` only once every process holding the other end has closed it
 * or exited.
 */
export function Pipe(options: PipeOptions = {}): [Connection, Connection] {
	const {duplex = true, name} = options;
	if (typeof duplex !== 'boolean') throw expected('a boolean', 'duplex', duplex);
	if (name !== undefined && typeof name !== 'string') throw expected('a string', 'name', name);
	const id = `pipe#${++pipes}`;
	const pipe = port().register({__sync: 'connection', id, name: name ?? id, duplex});
	return [new Connection({...pipe, id: `${id}.0`, pipe: id, end: 0}), new Connection({...pipe, id: `${id}.1`, pipe: id, end: 1})];
}

/**
 * One end of a pipe, like Python's `Connection`: `send()` copies a value
 * with structured clone (Map, Set, Date, BigInt and typed arrays survive; a
 * function or symbol fails in the sender with a TypeError), `recv()` takes
 * the next one in order. One process receives on an end: the first to call
 * `recv()` there. A receive that waits is known to the broker, so hang
 * detection sees it.
 */
export class Connection extends Primitive {
	readonly end: End;
	readonly readable: boolean;
	readonly writable: boolean;
	readonly #pipe: string;
	#writer: Writer | undefined;
	#reader: Reader | undefined;
	#closed = false;
	#errand: {verb: string; place: string};

	/** Made by `Pipe()`, or from a handle that came in Process arguments. */
	constructor(handle: Handle) {
		super('connection', undefined, {}, handle);
		this.end = handle.end ?? 0;
		this.#pipe = handle.pipe ?? handle.id;
		const duplex = handle.duplex ?? true;
		this.readable = duplex || this.end === 0;
		this.writable = duplex || this.end === 1;
		this.#errand = {verb: 'send', place: `on pipe ${this.name}`};
		open.add(this);
		// Sent before a child reports itself started, so that the parent closing its copy
		// right after start() can never make the other end look closed everywhere.
		this.port.request({op: 'connection.hold', target: this.#pipe, end: this.end}).catch(() => {
			// Closed in every process before it got here: it arrives closed.
			this.#closed = true;
			open.delete(this);
		});
	}

	static fromHandle(handle: Handle): Connection {
		return new Connection(handle);
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Send a copy of `value` to the other end; waits only while the other side is far behind. */
	send(value: unknown): Promise<void> {
		try {
			this.#check('send');
			this.#writer ??= new Writer(this.port, this.#pipe, this.end);
			return this.#writer.send(value, this.#errand) ?? SENT;
		} catch (error) {
			return Promise.reject(error);
		}
	}

	/** The next value sent from the other end, waiting for one; `EOFError` once every holder of the other end closed it and nothing is left. */
	recv<T = unknown>(): Promise<T> {
		try {
			this.#check('recv');
			return this.#readerOf().take() as Promise<T>;
		} catch (error) {
			return Promise.reject(error);
		}
	}

	/** A frame's value; one that cannot be rebuilt here is lost, with a RangeError. */
	readonly #decode = (frame: Uint8Array): unknown => {
		try {
			return decodeFrame(frame);
		} catch (error) {
			throw new RangeError(`a value received on pipe ${this.name} cannot be rebuilt in this process and is lost (${(error as Error).message})`, {
				cause: error,
			});
		}
	};

	/** Whether `recv()` would return at once (a value, or EOF), waiting up to `timeout` ms; Python's `poll()`. */
	async poll(options: PollOptions = {}): Promise<boolean> {
		this.#check('poll');
		const timeout = options.timeout ?? 0;
		if (typeof timeout !== 'number' || Number.isNaN(timeout)) throw expected('a number of milliseconds', 'timeout', timeout);
		// As in Python, a negative timeout looks without waiting.
		return this.#readerOf().poll(Math.max(0, timeout));
	}

	/** This process is done with this end: what it sent is written, and once no process holds it the other end sees EOF. */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		open.delete(this);
		void this.#reader?.close();
		await this.#writer?.close();
		this.port.post({op: 'connection.close', target: this.#pipe, end: this.end});
	}

	/** Who holds and reads each end, and what waits at the broker, as the broker sees it now. */
	async info(): Promise<ConnectionInfo> {
		return (await this.port.request({op: 'connection.info', target: this.#pipe})).info;
	}

	/** On the way out of a child: what it sent reaches the system before the process ends. */
	async finish(): Promise<void> {
		open.delete(this);
		// Senders learn from the broker that this process reads no more; what they wrote meanwhile is
		// handed back. This waits for every sender the broker named to end its socket (or die): a
		// sender busy for a while holds this exit up rather than lose what it wrote to this reader.
		await Promise.all([this.#reader?.close(), this.#writer?.close()]);
	}

	#check(call: 'send' | 'recv' | 'poll'): void {
		if (this.#closed) throw new Closed(`end ${this.end} of pipe ${this.name} is closed`);
		if (call === 'send' && !this.writable) throw new ValueError(`end ${this.end} of pipe ${this.name} only receives (Pipe({duplex: false}))`);
		if (call !== 'send' && !this.readable) throw new ValueError(`end ${this.end} of pipe ${this.name} only sends (Pipe({duplex: false}))`);
	}

	#readerOf(): Reader {
		this.#reader ??= new Reader(this.port, this.#pipe, this.end, this.name, this.#decode);
		return this.#reader;
	}

	protected describe(): string {
		return `name=${this.name} end=${this.end}${this.readable ? ' readable' : ''}${this.writable ? ' writable' : ''}${this.#closed ? ' closed' : ''}`;
	}
}
