import fs from 'node:fs';
import {Deque} from './deque.ts';
import {Abandoned} from './errors.ts';
import {BATCH_BYTES, wireBytes} from './limits.ts';
import {isAlive, occupied, readOwner, readOwnerFile} from './owner.ts';
import type {OwnerFile} from './owner.ts';
import type {Handle, Op, Reply, Wire} from './protocol.ts';
import {now} from './protocol.ts';

/** A process of the run as the broker sees it. Key 0 is the main process. */
export interface Peer {
	readonly key: number;
	readonly name: string;
	readonly pid: number;
	send(reply: Reply): void;
}

/** One recorded synchronization step: what the runner prints, traces and checks for hangs. */
export interface SyncEvent {
	type: 'sync';
	/** Milliseconds since the run started. */
	t: number;
	proc: string;
	pid: number;
	op: string;
	kind: Handle['__sync'] | 'process';
	target: string;
	[detail: string]: unknown;
}

/** A request parked in the broker until it can be served. */
export interface Waiter {
	peer: Peer;
	op: Op;
	/** The broker's label for the call, e.g. `queue.get()`. */
	call: string;
	target: string;
	since: number;
	timer?: NodeJS.Timeout;
}

interface QueueState {
	handle: Handle;
	items: Deque<Wire>;
	getters: Deque<Waiter>;
	putters: Deque<Waiter>;
	joiners: Waiter[];
	unfinished: number;
	/** Unfinished tasks taken by processes that ended without marking them done, and who they were: no join() can end. */
	abandoned: number;
	abandonedBy: string[];
	/** Per process: items taken minus tasks marked done (joinable queues). */
	taken: Map<number, number>;
	/** Per process: slots of a bounded queue granted ahead to a busy producer and not yet filled. */
	credits: Map<number, number>;
	creditTotal: number;
	/**
	 * Per process: items of a bounded queue handed to a consumer ahead of its
	 * get()s. They keep their slots until its next fetch (it has taken them
	 * all by then) or until it hands them back, so the bound holds even then.
	 */
	ahead: Map<number, number>;
	aheadTotal: number;
}

interface EventState {
	handle: Handle;
	flag: boolean;
	waiters: Waiter[];
}

interface SemaphoreState {
	handle: Handle;
	value: number;
	initial: number;
	waiters: Deque<Waiter>;
	held: Map<number, number>;
	peak: number;
}

interface LockState {
	handle: Handle;
	path: string;
	holders: Map<number, number>;
	waiters: Deque<Waiter>;
	/** The waiter told to retry and not yet heard from. */
	woken: number | null;
	/** Why the lock file is no owner record, once reported (once per episode); null while it is one or absent. */
	unknown: string | null;
	/** Looks again at an unknown lock file while waiters park on it: nobody will ever post its release. */
	poll?: NodeJS.Timeout;
}

/** A line a process printed with `log()`. */
export interface LogEvent {
	type: 'log';
	t: number;
	proc: string;
	pid: number;
	text: string;
	stream?: 'stdout' | 'stderr';
	/** Facts the process attached to the line, for the runner's bookkeeping. */
	data?: Record<string, unknown>;
}

type Listener = (event: SyncEvent | LogEvent) => void;

/** How often a lock file that is no owner record is looked at again while someone waits on it. */
const UNKNOWN_OWNER_POLL_MS = 300;

/** Re-takes of a permit a process may make without asking while others wait (nobody watching). */
const SEMAPHORE_LEASE = 32;

/**
 * The coordinator hosted by the run's main process. Queues, events and
 * semaphores live here; locks live in files, and the broker only keeps the
 * line of waiters, wakes them on release and recovers a dead holder's lock.
 */
export class Broker {
	readonly epoch: number;
	readonly #queues = new Map<string, QueueState>();
	readonly #events = new Map<string, EventState>();
	readonly #semaphores = new Map<string, SemaphoreState>();
	readonly #locks = new Map<string, LockState>();
	readonly #peers = new Map<number, Peer>();
	readonly #listeners = new Set<Listener>();
	/** Every parked request, by peer key then request number. */
	readonly #parked = new Map<number, Map<number, Waiter>>();
	/** When the broker last did anything: hang detection waits for quiet. */
	lastActivity = 0;

	constructor(epoch = now()) {
		this.epoch = epoch;
		this.lastActivity = epoch;
	}

	on(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => void this.#listeners.delete(listener);
	}

	emit(peer: Peer, t: number, kind: SyncEvent['kind'], target: string, op: string, detail?: Record<string, unknown>): void {
		if (this.#listeners.size === 0) return;
		const event: SyncEvent = {type: 'sync', t: round(t - this.epoch), proc: peer.name, pid: peer.pid, op, kind, target, ...detail};
		for (const listener of this.#listeners) listener(event);
	}

	register(handle: Handle, initial?: number): void {
		switch (handle.__sync) {
			case 'queue':
				this.#queues.set(handle.id, {
					handle, items: new Deque(), getters: new Deque(), putters: new Deque(), joiners: [],
					unfinished: 0, abandoned: 0, abandonedBy: [], taken: new Map(), credits: new Map(), creditTotal: 0, ahead: new Map(), aheadTotal: 0,
				});
				break;
			case 'event':
				this.#events.set(handle.id, {handle, flag: false, waiters: []});
				break;
			case 'semaphore':
				this.#semaphores.set(handle.id, {handle, value: initial ?? 1, initial: initial ?? 1, waiters: new Deque(), held: new Map(), peak: 0});
				break;
			case 'lock':
				this.#locks.set(handle.id, {handle, path: handle.path!, holders: new Map(), waiters: new Deque(), woken: null, unknown: null});
				break;
		}
	}

	addPeer(peer: Peer): void {
		this.#peers.set(peer.key, peer);
		this.#livePids.add(peer.pid);
	}

	readonly #livePids = new Set<number>();

	peers(): Peer[] {
		return [...this.#peers.values()];
	}

	/** Handle a batch of operations from one process. */
	receive(peer: Peer, ops: readonly Op[]): void {
		this.lastActivity = now();
		for (const op of ops) {
			try {
				this.#dispatch(peer, op);
			} catch (error) {
				// Even a malformed message (an element that is no operation) must not take the main process down.
				const {code = 'ERROR', message} = error as {code?: string; message: string};
				if (op?.req) peer.send({req: op.req, ok: false, code, message});
			}
		}
	}

	#dispatch(peer: Peer, op: Op): void {
		const dot = op.op.indexOf('.');
		switch (dot < 0 ? op.op : op.op.slice(0, dot)) {
			case 'log':
				if (this.#listeners.size === 0) return;
				for (const listener of this.#listeners) {
					listener({type: 'log', t: round(op.t - this.epoch), proc: peer.name, pid: peer.pid, text: op.target, ...(op.data ? {data: op.data} : {})});
				}
				break;
			case 'peer': this.#peerClosing(peer); break;
			case 'queue': this.#queueOp(peer, op); break;
			case 'event': this.#eventOp(peer, op); break;
			case 'semaphore': this.#semaphoreOp(peer, op); break;
			case 'lock': this.#lockOp(peer, op); break;
			default: throw new Error(`unknown operation ${op.op}`);
		}
	}

	// --- parking --------------------------------------------------------

	#park(peer: Peer, op: Op, call: string, target: string, onTimeout: (waiter: Waiter) => void): Waiter {
		const waiter: Waiter = {peer, op, call, target, since: now()};
		if (op.timeout !== undefined) {
			waiter.timer = setTimeout(() => {
				this.lastActivity = now();
				this.#unpark(waiter);
				onTimeout(waiter);
			}, Math.max(0, op.timeout));
		}
		let byReq = this.#parked.get(peer.key);
		if (!byReq) this.#parked.set(peer.key, byReq = new Map());
		byReq.set(op.req, waiter);
		return waiter;
	}

	#unpark(waiter: Waiter): void {
		if (waiter.timer) clearTimeout(waiter.timer);
		this.#parked.get(waiter.peer.key)?.delete(waiter.op.req);
	}

	/** Record that `peer` waits outside the broker (the main process in `join()`); call the result when it stops waiting. */
	blockOn(peer: Peer, call: string, target: string, timed: boolean): () => void {
		const op: Op = {req: -++this.#external, op: call, target, t: now(), ...(timed ? {timeout: Infinity} : {})};
		const waiter: Waiter = {peer, op, call, target, since: now()};
		let byReq = this.#parked.get(peer.key);
		if (!byReq) this.#parked.set(peer.key, byReq = new Map());
		byReq.set(op.req, waiter);
		return () => this.#parked.get(peer.key)?.delete(op.req);
	}

	#external = 0;

	/** Every request parked now: who waits, in which call, on what, since when, and whether it can time out. */
	waiting(): Waiter[] {
		return [...this.#parked.values()].flatMap(byReq => [...byReq.values()]);
	}

	// --- queues ---------------------------------------------------------

	#queue(id: string): QueueState {
		const state = this.#queues.get(id);
		if (!state) throw new Error(`unknown queue ${id}`);
		return state;
	}

	/** Facts about a queue for summaries and hang reports. */
	queueInfo(id: string): {size: number; unfinished: number; maxsize: number} {
		const state = this.#queue(id);
		return {size: state.items.length, unfinished: state.unfinished, maxsize: state.handle.maxsize ?? 0};
	}

	#queueOp(peer: Peer, op: Op): void {
		const state = this.#queue(op.target);
		const name = state.handle.name;
		const maxsize = state.handle.maxsize ?? 0;
		switch (op.op) {
			case 'queue.put': {
				const items = op.items ?? [];
				if (maxsize > 0 && (state.putters.length > 0 || this.#used(state) + items.length > maxsize)) {
					if (op.nowait) throw new FullError(name);
					this.emit(peer, op.t, 'queue', name, 'put-wait', {size: state.items.length});
					state.putters.push(this.#park(peer, op, 'queue.put()', name, waiter => {
						state.putters.remove(w => w === waiter);
						this.emit(peer, now(), 'queue', name, 'timeout', {call: 'put'});
						peer.send({req: op.req, ok: false, code: 'FULL', message: `queue ${name} stayed full`});
					}));
					return;
				}
				this.#admit(state, peer, op);
				if (op.req) peer.send({req: op.req, ok: true, value: this.#grantCredits(state, peer, op.n ?? 0)});
				return;
			}
			case 'queue.putCredited': {
				// Items sent on slots granted earlier: their room is already reserved.
				const n = op.items?.length ?? 0;
				this.#changeCredits(state, peer, -n);
				this.#admit(state, peer, op);
				return;
			}
			case 'queue.returnCredits':
				this.#changeCredits(state, peer, -(op.n ?? 0));
				this.#admitPutters(state);
				return;
			case 'queue.get': {
				// A process fetches only once it has taken everything it had: its slots held ahead are free.
				if (this.#setAhead(state, peer, 0)) this.#admitPutters(state);
				if (state.items.length === 0 || state.getters.length > 0) {
					if (op.nowait) throw new EmptyError(name);
					this.emit(peer, op.t, 'queue', name, 'get-wait', {size: state.items.length});
					state.getters.push(this.#park(peer, op, 'queue.get()', name, waiter => {
						state.getters.remove(w => w === waiter);
						this.emit(peer, now(), 'queue', name, 'timeout', {call: 'get'});
						peer.send({req: op.req, ok: false, code: 'EMPTY', message: `queue ${name} stayed empty`});
					}));
					return;
				}
				this.#deliver(state, peer, op);
				this.#admitPutters(state);
				return;
			}
			case 'queue.unget': {
				// Items a process had fetched ahead and did not use go back to the front, in order.
				const items = op.items ?? [];
				for (let i = items.length - 1; i >= 0; i--) state.items.unshift(items[i]!);
				this.#setAhead(state, peer, (state.ahead.get(peer.key) ?? 0) - items.length);
				this.#changeTaken(state, peer, -items.length);
				this.#serveGetters(state);
				return;
			}
			case 'queue.qsize': peer.send({req: op.req, ok: true, value: state.items.length}); return;
			case 'queue.taskDone': {
				const n = op.n ?? 1;
				if (n > state.unfinished) {
					this.emit(peer, op.t, 'queue', name, 'error', {message: 'taskDone() called too many times'});
					throw new ValueErrorReply('taskDone() called too many times');
				}
				state.unfinished -= n;
				state.abandoned = Math.min(state.abandoned, state.unfinished);
				if (state.abandoned === 0) state.abandonedBy = [];
				this.#changeTaken(state, peer, -n);
				this.emit(peer, op.t, 'queue', name, 'task-done', {n, unfinished: state.unfinished});
				if (state.unfinished === 0) {
					for (const waiter of state.joiners.splice(0)) {
						this.#unpark(waiter);
						this.emit(waiter.peer, now(), 'queue', name, 'joined');
						waiter.peer.send({req: waiter.op.req, ok: true});
					}
				}
				if (op.req) peer.send({req: op.req, ok: true});
				return;
			}
			case 'queue.join': {
				if (state.unfinished === 0) {
					this.emit(peer, op.t, 'queue', name, 'joined');
					peer.send({req: op.req, ok: true});
					return;
				}
				if (state.abandoned > 0) throw abandoned(state);
				this.emit(peer, op.t, 'queue', name, 'join-wait', {unfinished: state.unfinished});
				state.joiners.push(this.#park(peer, op, 'queue.join()', name, waiter => {
					state.joiners.splice(state.joiners.indexOf(waiter), 1);
					peer.send({req: op.req, ok: false, code: 'TIMEOUT', message: `queue ${name} still has ${state.unfinished} unfinished task(s)`});
				}));
				return;
			}
			default: throw new Error(`unknown operation ${op.op}`);
		}
	}

	/** Take a put's items in; `t` is when it went through (later than `op.t` for a put that waited). */
	#admit(state: QueueState, peer: Peer, op: Op, t = op.t): void {
		const items = op.items ?? [];
		for (const item of items) state.items.push(item);
		if (state.handle.joinable) state.unfinished += items.length;
		this.emit(peer, t, 'queue', state.handle.name, 'put', {n: items.length, size: state.items.length});
		this.#serveGetters(state);
	}

	/** Hand items to a getter: up to what it asked for, leaving one for each getter still waiting behind it. */
	#deliver(state: QueueState, peer: Peer, op: Op): void {
		const want = Math.max(1, Math.min(op.n ?? 1, state.items.length - state.getters.length));
		const items: Wire[] = [state.items.shift()!];
		// Items fetched ahead stop short of the batch size: the reply must fit in one IPC message.
		let bytes = wireBytes(items[0]);
		while (items.length < want) {
			const next = wireBytes(state.items.peek());
			if (bytes + next > BATCH_BYTES) break;
			bytes += next;
			items.push(state.items.shift()!);
		}
		if (state.handle.maxsize) this.#setAhead(state, peer, items.length - 1);
		this.#changeTaken(state, peer, items.length);
		this.emit(peer, now(), 'queue', state.handle.name, 'get', {n: items.length, size: state.items.length});
		peer.send({req: op.req, ok: true, items});
	}

	#changeTaken(state: QueueState, peer: Peer, delta: number): void {
		if (!state.handle.joinable) return;
		const taken = Math.max(0, (state.taken.get(peer.key) ?? 0) + delta);
		if (taken === 0) state.taken.delete(peer.key);
		else state.taken.set(peer.key, taken);
	}

	#serveGetters(state: QueueState): void {
		while (state.items.length > 0 && state.getters.length > 0) {
			const waiter = state.getters.shift()!;
			this.#unpark(waiter);
			this.#deliver(state, waiter.peer, waiter.op);
		}
		this.#admitPutters(state);
	}

	#admitPutters(state: QueueState): void {
		const maxsize = state.handle.maxsize ?? 0;
		while (state.putters.length > 0) {
			const waiter = state.putters.peek()!;
			const n = waiter.op.items?.length ?? 0;
			const used = this.#used(state);
			if (maxsize > 0 && used + n > maxsize && used > 0) return;
			state.putters.shift();
			this.#unpark(waiter);
			this.#admit(state, waiter.peer, waiter.op, now());
			waiter.peer.send({req: waiter.op.req, ok: true, value: this.#grantCredits(state, waiter.peer, waiter.op.n ?? 0)});
		}
	}

	/**
	 * A busy producer on a bounded queue asks for slots ahead, so its next puts
	 * need no round trip. Granted slots count as used, so the bound holds.
	 */
	#grantCredits(state: QueueState, peer: Peer, wanted: number): number {
		const maxsize = state.handle.maxsize ?? 0;
		if (maxsize === 0 || wanted <= 0 || state.putters.length > 0) return 0;
		const granted = Math.min(wanted, maxsize - this.#used(state));
		if (granted > 0) this.#changeCredits(state, peer, granted);
		return Math.max(0, granted);
	}

	/** Slots of a bounded queue in use: items in it, slots granted to producers, items handed to consumers ahead. */
	#used(state: QueueState): number {
		return state.items.length + state.creditTotal + state.aheadTotal;
	}

	/** Set how many items `peer` holds ahead; true if that freed slots. */
	#setAhead(state: QueueState, peer: Peer, n: number): boolean {
		const held = state.ahead.get(peer.key) ?? 0;
		const next = Math.max(0, n);
		if (next === held) return false;
		state.aheadTotal += next - held;
		if (next === 0) state.ahead.delete(peer.key);
		else state.ahead.set(peer.key, next);
		return next < held;
	}

	#changeCredits(state: QueueState, peer: Peer, delta: number): void {
		const held = state.credits.get(peer.key) ?? 0;
		const next = Math.max(0, held + delta);
		state.creditTotal += next - held;
		if (next === 0) state.credits.delete(peer.key);
		else state.credits.set(peer.key, next);
	}

	// --- events ---------------------------------------------------------

	#eventOp(peer: Peer, op: Op): void {
		const state = this.#events.get(op.target);
		if (!state) throw new Error(`unknown event ${op.target}`);
		const name = state.handle.name;
		switch (op.op) {
			case 'event.set':
				state.flag = true;
				this.emit(peer, op.t, 'event', name, 'set', {woken: state.waiters.length});
				for (const waiter of state.waiters.splice(0)) {
					this.#unpark(waiter);
					this.emit(waiter.peer, now(), 'event', name, 'woke');
					waiter.peer.send({req: waiter.op.req, ok: true, value: true});
				}
				break;
			case 'event.clear':
				state.flag = false;
				this.emit(peer, op.t, 'event', name, 'clear');
				break;
			case 'event.isSet':
				break;
			case 'event.wait':
				if (!state.flag) {
					if (op.timeout === 0) {
						peer.send({req: op.req, ok: true, value: false});
						return;
					}
					this.emit(peer, op.t, 'event', name, 'wait');
					state.waiters.push(this.#park(peer, op, 'event.wait()', name, waiter => {
						state.waiters.splice(state.waiters.indexOf(waiter), 1);
						this.emit(peer, now(), 'event', name, 'timeout', {call: 'wait'});
						peer.send({req: op.req, ok: true, value: false});
					}));
					return;
				}
				break;
			default: throw new Error(`unknown operation ${op.op}`);
		}
		if (op.req) peer.send({req: op.req, ok: true, value: state.flag});
	}

	// --- semaphores -----------------------------------------------------

	semaphoreInfo(id: string): {value: number; initial: number; peak: number} {
		const state = this.#semaphores.get(id);
		if (!state) throw new Error(`unknown semaphore ${id}`);
		return {value: state.value, initial: state.initial, peak: state.peak};
	}

	#semaphoreOp(peer: Peer, op: Op): void {
		const state = this.#semaphores.get(op.target);
		if (!state) throw new Error(`unknown semaphore ${op.target}`);
		const name = state.handle.name;
		switch (op.op) {
			case 'semaphore.acquire':
				if (state.value > 0 && state.waiters.length === 0) {
					this.#grant(state, peer, op.t);
					// Nobody waits and nobody watches: the process may keep the permit when it releases
					// it and take it again without asking, within its current turn of the event loop.
					peer.send({req: op.req, ok: true, value: this.#listeners.size === 0 ? 'keep' : true});
					return;
				}
				if (op.nowait || op.timeout === 0) {
					peer.send({req: op.req, ok: true, value: false});
					return;
				}
				this.emit(peer, op.t, 'semaphore', name, 'acquire', {value: state.value});
				state.waiters.push(this.#park(peer, op, 'semaphore.acquire()', name, waiter => {
					state.waiters.remove(w => w === waiter);
					this.emit(peer, now(), 'semaphore', name, 'timeout', {call: 'acquire'});
					peer.send({req: op.req, ok: true, value: false});
				}));
				return;
			case 'semaphore.release': {
				const n = op.n ?? 1;
				const held = state.held.get(peer.key) ?? 0;
				if (held > n) state.held.set(peer.key, held - n);
				else state.held.delete(peer.key);
				state.value += n;
				this.emit(peer, op.t, 'semaphore', name, 'release', {value: state.value, holders: this.#holders(state)});
				this.#serveSemaphore(state);
				if (op.req) peer.send({req: op.req, ok: true});
				return;
			}
			case 'semaphore.value':
				peer.send({req: op.req, ok: true, value: state.value});
				return;
			default: throw new Error(`unknown operation ${op.op}`);
		}
	}

	#holders(state: SemaphoreState): number {
		let holders = 0;
		for (const n of state.held.values()) holders += n;
		return holders;
	}

	#grant(state: SemaphoreState, peer: Peer, t: number): void {
		state.value--;
		state.held.set(peer.key, (state.held.get(peer.key) ?? 0) + 1);
		const holders = this.#holders(state);
		state.peak = Math.max(state.peak, holders);
		this.emit(peer, t, 'semaphore', state.handle.name, 'acquired', {value: state.value, holders});
	}

	#serveSemaphore(state: SemaphoreState): void {
		while (state.value > 0 && state.waiters.length > 0) {
			const waiter = state.waiters.shift()!;
			this.#unpark(waiter);
			this.#grant(state, waiter.peer, now());
			if (this.#listeners.size > 0) {
				waiter.peer.send({req: waiter.op.req, ok: true, value: true});
				continue;
			}
			// Nobody watches: a lease lets the process take the permit again a few times without
			// asking, within its current turn of the event loop.
			waiter.peer.send({req: waiter.op.req, ok: true, value: SEMAPHORE_LEASE});
		}
	}

	// --- locks ----------------------------------------------------------

	#lockOp(peer: Peer, op: Op): void {
		const state = this.#locks.get(op.target);
		if (!state) throw new Error(`unknown lock ${op.target}`);
		const name = state.handle.name;
		if (state.woken === peer.key) state.woken = null;
		switch (op.op) {
			case 'lock.acquired':
				state.holders.set(peer.key, (state.holders.get(peer.key) ?? 0) + 1);
				this.emit(peer, op.t, 'lock', name, 'acquired');
				return;
			case 'lock.released': {
				const held = state.holders.get(peer.key) ?? 0;
				if (held > 1) state.holders.set(peer.key, held - 1);
				else state.holders.delete(peer.key);
				this.emit(peer, op.t, 'lock', name, 'release');
				this.#wakeLock(state);
				return;
			}
			case 'lock.wait': {
				const file = this.#lockFile(state);
				if (file.kind === 'none') {
					peer.send({req: op.req, ok: true, value: 'retry'});
					return;
				}
				if (!op.retry) this.emit(peer, op.t, 'lock', name, 'acquire');
				// Held by something that is no owner record: park like any waiter (never 'retry', which spins).
				if (file.kind === 'unknown') this.#unknownOwner(state, peer, op.t, file.reason);
				const waiter = this.#park(peer, op, 'lock.acquire()', name, timedOut => {
					state.waiters.remove(w => w === timedOut);
					this.emit(peer, now(), 'lock', name, 'timeout', {call: 'acquire'});
					peer.send({req: op.req, ok: true, value: 'timeout'});
				});
				if (op.retry) state.waiters.unshift(waiter);
				else state.waiters.push(waiter);
				this.#wakeLock(state);
				return;
			}
			default: throw new Error(`unknown operation ${op.op}`);
		}
	}

	/** What is at the lock path, once a holder that died unseen has been recovered. */
	#lockFile(state: LockState): OwnerFile {
		const file = readOwnerFile(state.path);
		if (file.kind !== 'unknown') state.unknown = null;
		// A holder that is not one of the run's live processes may have died unseen.
		if (file.kind === 'owner' && !this.#livePids.has(file.owner.pid) && !isAlive(file.owner) && this.#recoverLock(state, file.owner.pid)) return {kind: 'none'};
		return file;
	}

	/**
	 * The lock file is no owner record (junk, a symlink, unreadable): held by an
	 * unknown owner. It is not ours to delete; report it once, and look again
	 * now and then while anyone waits, to wake the first waiter once it is gone.
	 */
	#unknownOwner(state: LockState, peer: Peer, t: number, reason: string): void {
		if (state.unknown === null) {
			state.unknown = reason;
			this.emit(peer, t, 'lock', state.handle.name, 'unknown-owner', {path: state.path, reason});
		}
		state.poll ??= setInterval(() => {
			if (this.#lockFile(state).kind !== 'unknown' || state.waiters.length === 0) {
				clearInterval(state.poll);
				state.poll = undefined;
			}
			this.#wakeLock(state);
		}, UNKNOWN_OWNER_POLL_MS).unref();
	}

	/** Tell the first waiter to try again once the lock path is free (lstat: a dangling symlink occupies it too). */
	#wakeLock(state: LockState): void {
		if (state.woken !== null || state.waiters.length === 0 || occupied(state.path)) return;
		const waiter = state.waiters.shift()!;
		this.#unpark(waiter);
		state.woken = waiter.peer.key;
		waiter.peer.send({req: waiter.op.req, ok: true, value: 'retry'});
	}

	/** Remove a lock file whose owner died; report it. Only the broker does this, so two waiters never race to recover. */
	#recoverLock(state: LockState, pid: number): boolean {
		const owner = readOwner(state.path);
		if (!owner || owner.pid !== pid || isAlive(owner)) return false;
		try {
			fs.unlinkSync(state.path);
		} catch {
			return false;
		}
		const dead = [...this.#peers.values()].find(peer => peer.pid === pid);
		if (dead) state.holders.delete(dead.key);
		this.emit(dead ?? {key: -1, name: owner.name, pid, send() {}}, now(), 'lock', state.handle.name, 'recovered', {deadPid: pid, deadProc: owner.name});
		return true;
	}

	/** The lock file of a lock, by id or name. */
	lockPath(target: string): string | undefined {
		if (this.#locks.has(target)) return this.#locks.get(target)!.path;
		return [...this.#locks.values()].find(state => state.handle.name === target)?.path;
	}

	// --- process exit ---------------------------------------------------

	/** Take every parked call of `peer` out of the lines it waits in; returns them. */
	#dropWaiters(peer: Peer): Waiter[] {
		const dropped = [...this.#parked.get(peer.key)?.values() ?? []];
		for (const waiter of dropped) {
			if (waiter.timer) clearTimeout(waiter.timer);
			for (const state of this.#queues.values()) {
				state.getters.remove(w => w === waiter);
				state.putters.remove(w => w === waiter);
				const i = state.joiners.indexOf(waiter);
				if (i >= 0) state.joiners.splice(i, 1);
			}
			for (const state of this.#events.values()) {
				const i = state.waiters.indexOf(waiter);
				if (i >= 0) state.waiters.splice(i, 1);
			}
			for (const state of this.#semaphores.values()) state.waiters.remove(w => w === waiter);
			for (const state of this.#locks.values()) state.waiters.remove(w => w === waiter);
		}
		this.#parked.delete(peer.key);
		return dropped;
	}

	/** A child on its way out: answer its parked calls, so that nothing more is handed to it. */
	#peerClosing(peer: Peer): void {
		for (const waiter of this.#dropWaiters(peer)) {
			peer.send({req: waiter.op.req, ok: false, code: 'DISCONNECTED', message: `${peer.name} is exiting`});
		}
		for (const state of this.#locks.values()) if (state.woken === peer.key) {
			state.woken = null;
			this.#wakeLock(state);
		}
	}

	/**
	 * A process of the run has exited: drop its parked requests, give back
	 * the permits and locks it held, and report what it left unfinished.
	 */
	peerExited(peer: Peer): void {
		this.lastActivity = now();
		this.#peers.delete(peer.key);
		this.#livePids.delete(peer.pid);
		this.#dropWaiters(peer);

		for (const state of this.#locks.values()) {
			if (state.woken === peer.key) state.woken = null;
			const owner = readOwner(state.path);
			if (owner?.pid === peer.pid) this.#recoverLock(state, peer.pid);
			state.holders.delete(peer.key);
			this.#wakeLock(state);
		}
		for (const state of this.#semaphores.values()) {
			const held = state.held.get(peer.key) ?? 0;
			if (held === 0) continue;
			state.held.delete(peer.key);
			state.value += held;
			this.emit(peer, now(), 'semaphore', state.handle.name, 'recovered', {deadPid: peer.pid, deadProc: peer.name, permits: held, value: state.value});
			this.#serveSemaphore(state);
		}
		for (const state of this.#queues.values()) {
			this.#setAhead(state, peer, 0);
			if (state.credits.has(peer.key)) this.#changeCredits(state, peer, -(state.credits.get(peer.key) ?? 0));
			this.#admitPutters(state);
			const taken = state.taken.get(peer.key) ?? 0;
			if (taken === 0) continue;
			state.taken.delete(peer.key);
			state.abandoned += taken;
			state.abandonedBy.push(`${peer.name} (pid ${peer.pid}) died holding ${taken} unfinished task(s)`);
			this.emit(peer, now(), 'queue', state.handle.name, 'abandoned', {deadPid: peer.pid, deadProc: peer.name, tasks: taken, unfinished: state.unfinished});
			// Only the process that took a task may mark it done: every join() waits in vain now.
			const error = abandoned(state);
			for (const waiter of state.joiners.splice(0)) {
				this.#unpark(waiter);
				waiter.peer.send({req: waiter.op.req, ok: false, code: error.code, message: error.message});
			}
		}
	}

	/** End every parked request: the run is over. */
	close(): void {
		for (const state of this.#locks.values()) clearInterval(state.poll);
		for (const waiter of this.waiting()) {
			this.#unpark(waiter);
			waiter.peer.send({req: waiter.op.req, ok: false, code: 'DISCONNECTED', message: 'the run has ended'});
		}
	}
}

class FullError extends Error {
	readonly code = 'FULL';
	constructor(name: string) {
		super(`queue ${name} is full`);
	}
}

class EmptyError extends Error {
	readonly code = 'EMPTY';
	constructor(name: string) {
		super(`queue ${name} is empty`);
	}
}

function abandoned(state: QueueState): Abandoned {
	return new Abandoned(`join() on queue ${state.handle.name} cannot finish: ${state.abandonedBy.join(', ')}`);
}

class ValueErrorReply extends Error {
	readonly code = 'VALUE';
}

function round(ms: number): number {
	return Math.round(ms * 1000) / 1000;
}
