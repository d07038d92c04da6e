import type {Failure, Handle, InfoByKind, Kind, Op, OpName, Success} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import {creatorKey} from '../ipc/self.ts';
import type {Line} from './line.ts';
import type {Unit} from './unit.ts';
import {units} from './units.ts';

/** A process of the run as the broker sees it. Key 0 is the main process. */
export interface Peer {
	readonly key: number;
	readonly name: string;
	readonly pid: number;
	send(reply: Success<OpName> | Failure): void;
}

/** One recorded synchronization step: what the runner prints, traces and checks for hangs. */
export interface SyncEvent {
	type: 'sync';
	/** Milliseconds since the run started. */
	t: number;
	proc: string;
	pid: number;
	op: string;
	kind: Kind | 'process';
	target: string;
	[detail: string]: unknown;
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

/** A request parked in the broker until it can be served; `op` is absent for a wait outside the broker (`join()`). */
export interface Waiter<O = Op | undefined> {
	readonly peer: Peer;
	readonly req: number;
	readonly op: O;
	/** The broker's label for the call, e.g. `queue.get()`. */
	readonly call: string;
	/** What it waits on: a primitive's id, or a process's name. */
	readonly id: string;
	/** The primitive's (or process's) name. */
	readonly target: string;
	readonly since: number;
	/** Whether it ends by itself (a timeout); hang detection ignores such waits. */
	readonly timed: boolean;
	/** The line it waits in, if any. */
	readonly line?: Line<Waiter<O>>;
	timer?: NodeJS.Timeout;
}

/** How a unit parks a request: the line it joins, its label, and what a timeout says. */
export interface ParkOptions<W> {
	line: Line<W>;
	call: string;
	/** Put the waiter at the head of its line (a lock waiter that keeps its place after a wake-up). */
	first?: boolean;
	/** The message of the TIMEOUT failure (a function: made when the wait runs out, from the state then). */
	timeoutMessage: string | (() => string);
	/** Called once the timed-out waiter has had its TIMEOUT failure (a barrier then breaks for the other parties). */
	onTimeout?: (waiter: W) => void;
}

type Listener = (event: SyncEvent | LogEvent) => void;

/** The operations on processes a child starts: the run answers them (it forks on the child's behalf). */
export type ProcessOp = Op<'process.start' | 'process.watch' | 'process.join' | 'process.kill'>;

/** Who answers `process.*` operations: the run that hosts this broker. */
export interface ProcessHandler {
	handle(peer: Peer, op: ProcessOp): void;
}

/**
 * The coordinator hosted by the run's main process: it keeps the peers,
 * hands each operation to the unit of its primitive, parks requests until a
 * unit serves them (or their timeout ends them), and emits the events
 * everything else watches. What a primitive does lives in its unit.
 */
export class Broker {
	readonly epoch: number;
	readonly #units = new Map<string, Unit>();
	readonly #peers = new Map<number, Peer>();
	readonly #listeners = new Set<Listener>();
	/** Every parked request, by peer key then request number. */
	readonly #parked = new Map<number, Map<number, Waiter<unknown>>>();
	#external = 0;
	readonly #fastPaths: boolean | undefined;
	/** Operations on a primitive whose registration, posted by the live child that made it, has not arrived yet. */
	readonly #early = new Map<string, Array<{peer: Peer; op: Op}>>();
	/** Answers `process.*` operations (set by the run). */
	processes: ProcessHandler | undefined;
	/** When the broker last did anything: hang detection waits for quiet. */
	lastActivity: number;

	/** `fastPaths`: see `RunOptions`; undefined = on while nobody watches. */
	constructor(epoch = now(), fastPaths?: boolean) {
		this.epoch = epoch;
		this.lastActivity = epoch;
		this.#fastPaths = fastPaths;
	}

	on(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => void this.#listeners.delete(listener);
	}

	/** Whether units may take fast paths that skip events (kept semaphore permits): the run's one switch. */
	get fast(): boolean {
		return this.#fastPaths ?? this.#listeners.size === 0;
	}

	emit(peer: Peer, t: number, kind: SyncEvent['kind'], target: string, op: string, detail?: Record<string, unknown>): void {
		if (this.#listeners.size === 0) return;
		const event: SyncEvent = {type: 'sync', t: round(t - this.epoch), proc: peer.name, pid: peer.pid, op, kind, target, ...detail};
		for (const listener of this.#listeners) listener(event);
	}

	register(handle: Handle, initial?: number): void {
		if (this.#units.has(handle.id)) throw new Error(`${handle.id} is already registered`);
		this.#units.set(handle.id, units[handle.__sync](handle, this, initial));
		const early = this.#early.get(handle.id);
		if (!early) return;
		this.#early.delete(handle.id);
		for (const {peer, op} of early) this.receive(peer, [op]);
	}

	/**
	 * An operation on an id nobody registered: when it names a live child as
	 * its maker (ids made in a child carry its key) and comes from another
	 * process, the handle outran its registration (a way around the broker):
	 * it waits for it. The maker's own messages come in order, so its own
	 * calls always follow its registration.
	 */
	#holdEarly(peer: Peer, op: Op): boolean {
		const maker = creatorKey(op.target);
		if (maker === 0 || maker === peer.key || !this.#peers.has(maker)) return false;
		const early = this.#early.get(op.target) ?? [];
		early.push({peer, op});
		this.#early.set(op.target, early);
		return true;
	}

	/** A primitive's unit state, for summaries, hang reports and `info()`. */
	info<K extends Kind>(id: string, kind: K): InfoByKind[K] {
		const unit = this.#units.get(id);
		if (!unit || unit.kind !== kind) throw new Error(`unknown ${kind} ${id}`);
		return (unit as Unit<K>).info();
	}

	/** Another primitive's unit, for a unit that works with it (a condition with its lock). */
	unit<K extends Kind>(id: string, kind: K): Unit<K> {
		const unit = this.#units.get(id);
		if (!unit || unit.kind !== kind) throw new Error(`unknown ${kind} ${id}`);
		return unit as Unit<K>;
	}

	addPeer(peer: Peer): void {
		this.#peers.set(peer.key, peer);
	}

	peers(): Peer[] {
		return [...this.#peers.values()];
	}

	/** The live peer with this pid, if any. */
	peerByPid(pid: number): Peer | undefined {
		for (const peer of this.#peers.values()) if (peer.pid === pid) return peer;
		return undefined;
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
		switch (op.op) {
			case 'log':
				if (this.#listeners.size === 0) return;
				for (const listener of this.#listeners) {
					listener({type: 'log', t: round(op.t - this.epoch), proc: peer.name, pid: peer.pid, text: op.text, ...(op.data ? {data: op.data} : {})});
				}
				return;
			case 'peer.closing':
				this.#peerClosing(peer);
				return;
			case 'primitive.register':
				// A child registers only ids it made (they carry its key), so it can take no other process's id.
				if (op.handle?.id !== op.target || creatorKey(op.target) !== peer.key) throw new Error(`${peer.name} cannot register ${op.target}`);
				this.register(op.handle, op.initial);
				return;
			case 'process.start':
			case 'process.watch':
			case 'process.join':
			case 'process.kill':
				if (!this.processes) throw new Error(`${op.op}: this broker starts no processes`);
				this.processes.handle(peer, op);
				return;
			default: {
				const unit = this.#units.get(op.target);
				if (!unit && this.#holdEarly(peer, op)) return;
				if (!unit || op.op.charCodeAt(unit.kind.length) !== 46 || !op.op.startsWith(unit.kind)) throw new Error(`unknown operation ${op.op} on ${op.target}`);
				unit.handle(peer, op as never);
			}
		}
	}

	// --- replies and parking --------------------------------------------

	/** Answer a request; a note (req 0) gets no reply. */
	reply<K extends OpName>(peer: Peer, op: Op<K>, result: Omit<Success<K>, 'req' | 'ok'>): void {
		if (op.req) peer.send({req: op.req, ok: true, ...result} as Success<K>);
	}

	fail(peer: Peer, op: Op, code: string, message: string): void {
		if (op.req) peer.send({req: op.req, ok: false, code, message});
	}

	/**
	 * Park a request in a unit's line until the unit serves it. A timed wait
	 * leaves the line when its time is up, with a `timeout` event and a
	 * TIMEOUT failure (the client turns it into Python's result).
	 */
	park<O extends Op>(peer: Peer, op: O, kind: SyncEvent['kind'], name: string, options: ParkOptions<Waiter<O>>): Waiter<O> {
		const timeout = (op as {timeout?: number}).timeout;
		const timed = timeout !== undefined;
		const waiter: Waiter<O> = {peer, req: op.req, op, call: options.call, id: op.target, target: name, since: now(), timed, line: options.line};
		if (timed) {
			waiter.timer = setTimeout(
				() => {
					this.lastActivity = now();
					this.#cancel(waiter);
					this.emit(peer, now(), kind, name, 'timeout', {call: options.call.slice(options.call.indexOf('.') + 1, -2)});
					this.fail(peer, op, 'TIMEOUT', typeof options.timeoutMessage === 'string' ? options.timeoutMessage : options.timeoutMessage());
					options.onTimeout?.(waiter);
				},
				Math.max(0, timeout),
			);
		}
		if (options.first) options.line.unshift(waiter);
		else options.line.push(waiter);
		this.#track(waiter);
		return waiter;
	}

	/** Take a waiter out of the parked set once its unit serves it (the unit has taken it off its line). */
	unpark(waiter: Waiter<unknown>): void {
		if (waiter.timer) clearTimeout(waiter.timer);
		this.#parked.get(waiter.peer.key)?.delete(waiter.req);
	}

	/** Serve a parked request: out of the parked set, and answered. */
	resolve<K extends OpName>(waiter: Waiter<Op<K>>, result: Omit<Success<K>, 'req' | 'ok'>): void {
		this.unpark(waiter);
		waiter.peer.send({req: waiter.req, ok: true, ...result} as Success<K>);
	}

	#cancel(waiter: Waiter<unknown>): void {
		this.unpark(waiter);
		waiter.line?.delete(waiter);
	}

	#track(waiter: Waiter<unknown>): void {
		let byReq = this.#parked.get(waiter.peer.key);
		if (!byReq) {
			byReq = new Map();
			this.#parked.set(waiter.peer.key, byReq);
		}
		byReq.set(waiter.req, waiter);
	}

	/** Record that `peer` waits outside the broker (the main process in `join()`); call the result when it stops waiting. */
	blockOn(peer: Peer, call: string, target: string, timed: boolean): () => void {
		const waiter: Waiter<undefined> = {peer, req: -++this.#external, op: undefined, call, id: target, target, since: now(), timed};
		this.#track(waiter);
		return () => this.unpark(waiter);
	}

	/** Every request parked now: who waits, in which call, on what, since when, and whether it can time out. */
	waiting(): Waiter[] {
		return [...this.#parked.values()].flatMap(byReq => [...byReq.values()] as Waiter[]);
	}

	// --- process exit ---------------------------------------------------

	/** Take every parked call of `peer` out of its line; returns them. */
	#dropWaiters(peer: Peer): Array<Waiter<unknown>> {
		const dropped = [...(this.#parked.get(peer.key)?.values() ?? [])];
		for (const waiter of dropped) this.#cancel(waiter);
		this.#parked.delete(peer.key);
		return dropped;
	}

	/** A child on its way out: answer its parked calls, so that nothing more is handed to it. */
	#peerClosing(peer: Peer): void {
		for (const waiter of this.#dropWaiters(peer))
			if (waiter.req > 0) peer.send({req: waiter.req, ok: false, code: 'DISCONNECTED', message: `${peer.name} is exiting`});
		for (const unit of this.#units.values()) unit.peerClosing?.(peer);
	}

	/**
	 * A process of the run has exited: drop its parked requests, and let
	 * every unit take back what it held and report what it left unfinished.
	 */
	peerExited(peer: Peer): void {
		this.lastActivity = now();
		this.#peers.delete(peer.key);
		this.#dropWaiters(peer);
		// Operations held for a registration this process never sent fail as unknown; its own held ones go.
		for (const [id, early] of this.#early) {
			const kept = early.filter(held => held.peer !== peer);
			if (creatorKey(id) === peer.key) {
				for (const held of kept) this.fail(held.peer, held.op, 'ERROR', `unknown operation ${held.op.op} on ${id}: ${peer.name} exited without registering it`);
				kept.length = 0;
			}
			if (kept.length === 0) this.#early.delete(id);
			else this.#early.set(id, kept);
		}
		for (const unit of this.#units.values()) unit.peerExited?.(peer);
	}

	/** End every parked request: the run is over. */
	close(): void {
		for (const waiter of this.waiting()) {
			this.#cancel(waiter);
			if (waiter.req > 0) waiter.peer.send({req: waiter.req, ok: false, code: 'DISCONNECTED', message: 'the run has ended'});
		}
		for (const unit of this.#units.values()) unit.close?.();
	}
}

function round(ms: number): number {
	return Math.round(ms * 1000) / 1000;
}
