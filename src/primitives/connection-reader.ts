import path from 'node:path';
import {Closed, EOFError, TimeoutError} from '../errors.ts';
import type {Port} from '../ipc/port.ts';
import type {End} from '../ipc/protocol.ts';
import {Inbox} from './connection-inbox.ts';
import {Listener} from './connection-listener.ts';

/**
 * How long a receive waits on the socket alone before the broker is told:
 * an answer that comes this quickly (a ping-pong) costs the broker nothing,
 * a longer wait is parked there, where hang detection sees it.
 */
const LAZY_MS = 20;

interface Waiter {
	/** poll() waits for something to read; recv() takes it. */
	readonly poll: boolean;
	readonly deadline: number;
	resolve(value: unknown): void;
	reject(error: Error): void;
	timer?: NodeJS.Timeout;
}

/**
 * The receiving half of one end in this process. The first `recv()` makes
 * this process the end's reader: it listens on a Unix socket in the run's
 * folder and tells the broker, which hands over what came through it so far
 * and tells senders where to write. Frames are put back in each sender's
 * order (their pid and number) whichever way they came.
 */
export class Reader {
	readonly #port: Port;
	readonly #pipe: string;
	readonly #end: End;
	readonly #label: string;
	readonly #inbox = new Inbox();
	#waiters: Waiter[] = [];
	#claim: 'none' | 'claiming' | 'claimed' = 'none';
	readonly #listener = new Listener({
		frame: frame => this.#onFrame(frame, true),
		changed: () => {
			if (!this.#closed) this.#settle();
		},
		late: frames => this.#handBack(frames),
	});
	/** The broker lets messages come straight over the socket (nobody watches the run). */
	#direct = false;
	#asking = false;
	#parked = false;
	#doneSent = false;
	#needPeek = false;
	#eof = false;
	#lazy: NodeJS.Timeout | undefined;
	/** When the current wait began, while one goes on. */
	#waitingSince: number | undefined;
	#closed = false;
	readonly #decode: (frame: Uint8Array) => unknown;

	/** `decode` turns a frame into the value `take()` returns (and may throw). */
	constructor(port: Port, pipe: string, end: End, label: string, decode: (frame: Uint8Array) => unknown) {
		this.#decode = decode;
		this.#port = port;
		this.#pipe = pipe;
		this.#end = end;
		this.#label = label;
	}

	/** The next message's frame, waiting for it; EOFError once the other end is closed everywhere and nothing is left. */
	take(): Promise<unknown> {
		if (this.#inbox.length > 0 && this.#waiters.length === 0) {
			try {
				return Promise.resolve(this.#decode(this.#inbox.shift()!));
			} catch (error) {
				return Promise.reject(error);
			}
		}
		return this.#wait(false, Infinity);
	}

	/** Whether a message (or EOF) is there to receive, waiting up to `timeout` ms for one. */
	async poll(timeout: number): Promise<boolean> {
		if (this.#inbox.length > 0) return true;
		if (this.#claim === 'none') return this.#brokerPoll(timeout);
		return (await this.#wait(true, timeout)) as boolean;
	}

	/** Before this process reads the end, poll() asks the broker, which holds what was sent so far. */
	async #brokerPoll(timeout: number): Promise<boolean> {
		const request = this.#port.request({op: 'connection.poll', target: this.#pipe, end: this.#end, ...(Number.isFinite(timeout) ? {timeout} : {})});
		return request.then(
			() => true,
			(error: unknown) => {
				if (error instanceof TimeoutError) return false;
				throw error;
			},
		);
	}

	#wait(poll: boolean, timeout: number): Promise<unknown> {
		if (this.#closed) return Promise.reject(this.#closedError());
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {poll, deadline: performance.now() + timeout, resolve, reject};
			if (Number.isFinite(timeout)) {
				waiter.timer = setTimeout(() => {
					this.#waiters = this.#waiters.filter(other => other !== waiter);
					resolve(false);
					this.#pump();
				}, timeout);
			}
			this.#waiters.push(waiter);
			this.#settle();
		});
	}

	#eofReady(): boolean {
		if (!this.#eof || this.#listener.open > 0 || this.#inbox.length > 0) return false;
		this.#inbox.release();
		return this.#inbox.length === 0;
	}

	/** Serve the waiters, in order, from the inbox (or with EOF); then see whether the broker must be asked. */
	#settle(): void {
		this.#serve();
		this.#pump();
	}

	#serve(): void {
		while (this.#waiters.length > 0) {
			const waiter = this.#waiters[0]!;
			if (this.#inbox.length > 0) {
				if (waiter.poll) waiter.resolve(true);
				else {
					try {
						waiter.resolve(this.#decode(this.#inbox.shift()!));
					} catch (error) {
						waiter.reject(error as Error);
					}
				}
			} else if (this.#eofReady()) {
				if (waiter.poll) waiter.resolve(true);
				else waiter.reject(new EOFError(`end ${this.#end} of pipe ${this.#label}: the other end is closed in every process and nothing is left to receive`));
			} else break;
			clearTimeout(waiter.timer);
			this.#waiters.shift();
		}
	}

	#pump(): void {
		if (this.#closed) return;
		const waiting = this.#waiters.length > 0;
		this.#listener.hold(waiting);
		if (!waiting) {
			this.#waitingSince = undefined;
			// What we waited for came over the socket: the parked call at the broker may end.
			if (this.#parked && !this.#doneSent) {
				this.#doneSent = true;
				this.#port.post({op: 'connection.recvDone', target: this.#pipe, end: this.#end});
			}
			if (this.#needPeek && this.#claim === 'claimed' && !this.#asking) this.#ask(true);
			return;
		}
		if (this.#claim === 'none') {
			this.#claim = 'claiming';
			void this.#claimEnd();
			return;
		}
		if (this.#claim !== 'claimed' || this.#asking) return;
		if (this.#needPeek) return this.#ask(true);
		if (!this.#direct || this.#waiters.some(waiter => waiter.deadline !== Infinity && waiter.deadline - performance.now() <= LAZY_MS)) return this.#ask(false);
		this.#waitingSince ??= performance.now();
		this.#armLazy(LAZY_MS);
	}

	/**
	 * One timer, left running across receives (arming one per receive costs a
	 * ping-pong more than the rest of it): when it fires, a wait older than
	 * LAZY_MS is parked at the broker, a younger one is looked at again later.
	 */
	#armLazy(ms: number): void {
		if (this.#lazy) return;
		this.#lazy = setTimeout(() => {
			this.#lazy = undefined;
			if (this.#closed || this.#waitingSince === undefined || this.#waiters.length === 0 || this.#asking) return;
			const waited = performance.now() - this.#waitingSince;
			if (waited >= LAZY_MS) this.#ask(false);
			else this.#armLazy(LAZY_MS - waited);
		}, ms);
	}

	/** Listen on a socket in the run's folder (when its path fits), then become the end's reader. */
	async #claimEnd(): Promise<void> {
		const where = await this.#listener.listen(path.join(this.#port.dir, `${this.#pipe.replace(/\W/g, '-')}.${this.#end}.${this.#port.pid}.sock`));
		if (this.#closed) return this.#listener.close();
		this.#claim = 'claimed';
		this.#ask(false, where);
	}

	/** A frame from the socket that comes ahead of an earlier one: that one is at the broker, or on its way there. */
	#onFrame(frame: Uint8Array, overSocket: boolean): void {
		if (!this.#inbox.add(frame) && overSocket) this.#needPeek = true;
	}

	/** Ask the broker for what came through it: park there (`peek` false) or only look (`peek`). */
	#ask(peek: boolean, claim?: string): void {
		this.#asking = true;
		this.#needPeek = false;
		this.#parked = !peek;
		this.#doneSent = false;
		const timed = this.#waiters.every(waiter => Number.isFinite(waiter.deadline));
		const timeout = peek ? 0 : timed && this.#waiters.length > 0 ? Math.max(0, ...this.#waiters.map(waiter => waiter.deadline - performance.now())) : undefined;
		this.#port
			.request({
				op: 'connection.recv',
				target: this.#pipe,
				end: this.#end,
				...(claim === undefined ? {} : {claim}),
				...(timeout === undefined ? {} : {timeout: Math.ceil(timeout)}),
			})
			.then(
				reply => {
					this.#answered();
					this.#direct = reply.direct;
					this.#inbox.startAt(reply.from, reply.resync);
					for (const item of reply.items) this.#onFrame(item as Uint8Array, false);
					if (reply.eof) this.#eof = true;
					this.#settle();
				},
				(error: unknown) => {
					this.#answered();
					// The broker had nothing within the time the waiters give: their own timers answer them
					// (asking again at once would spin); a new wait or new data asks again.
					if (error instanceof TimeoutError) return this.#serve();
					if (claim !== undefined) this.#unclaim();
					for (const waiter of this.#waiters.splice(0)) {
						clearTimeout(waiter.timer);
						waiter.reject(error as Error);
					}
				},
			);
	}

	#answered(): void {
		this.#asking = false;
		this.#parked = false;
	}

	#unclaim(): void {
		this.#claim = 'none';
		this.#listener.close();
	}

	#closedError(): Closed {
		return new Closed(`end ${this.#end} of pipe ${this.#label} is closed`);
	}

	/**
	 * This process receives no more: waiters fail with Closed, and what came
	 * and was not taken goes back to the broker for the next reader, with how
	 * far each sender's messages were taken. The broker names the senders
	 * that were writing here; they learn this reader is gone, and their
	 * sockets are drained (the server still accepts) into the same hand-back.
	 * Resolves once every one of them has let go.
	 */
	close(): Promise<void> {
		if (this.#closed) return this.#released;
		this.#closed = true;
		clearTimeout(this.#lazy);
		for (const waiter of this.#waiters.splice(0)) {
			clearTimeout(waiter.timer);
			waiter.reject(this.#closedError());
		}
		if (this.#claim !== 'claimed') {
			this.#listener.close();
			return this.#released;
		}
		this.#listener.stopReading();
		const {items, consumed} = this.#inbox.handBack();
		const request = () => this.#port.request({op: 'connection.unread', target: this.#pipe, end: this.#end, items, consumed});
		// A child on its way out still hands back what came to it.
		this.#released = (this.#port.asRuntime ? this.#port.asRuntime(request) : request()).then(
			({senders}) => this.#listener.drain(senders),
			() => this.#listener.close(),
		);
		return this.#released;
	}

	#released: Promise<void> = Promise.resolve();

	#handBack(items: Uint8Array[]): void {
		const post = () => this.#port.post({op: 'connection.unread', target: this.#pipe, end: this.#end, items});
		try {
			if (this.#port.asRuntime) this.#port.asRuntime(post);
			else post();
		} catch {
			// The run is gone: nobody is left to read it.
		}
	}
}
