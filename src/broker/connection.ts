import type {ConnectionInfo, End, Handle, Op, Wire} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import {HIGH_WATER} from '../primitives/connection-writer.ts';
import type {Broker, Peer, Waiter} from './core.ts';
import {Line} from './line.ts';
import type {OpOf, Unit} from './unit.ts';
import {unhandled} from './unit.ts';

type RecvOp = Op<'connection.recv'>;
type RouteOp = Op<'connection.route'>;
type SendWaitOp = Op<'connection.sendWait'>;

/** Bytes queued at the broker for an end past which its senders wait: the direct route's limit on a socket. */
const BACKLOG_LIMIT = HIGH_WATER;

/** What the broker keeps of one end of a pipe. */
interface EndState {
	/** Processes holding this end (it was made there, or came in Process arguments), until they close it or exit. */
	readonly holders: Map<number, Peer>;
	everHeld: boolean;
	/** The one process receiving on this end, and the socket it listens on ('' = through the broker only). */
	reader: {peer: Peer; path: string} | undefined;
	/** Frames sent to this end through the broker, not yet handed to its reader. */
	readonly backlog: Wire[];
	/** Bytes in `backlog`. */
	backlogBytes: number;
	/** Senders on the other end waiting for `backlog` to fall to the limit (their send() waits). */
	readonly senders: Line<Waiter<SendWaitOp>>;
	readonly receivers: Line<Waiter<RecvOp>>;
	/** Processes that want to read this end while another reads it: each in turn, once it lets go. */
	readonly claimers: Line<Waiter<RecvOp>>;
	readonly pollers: Line<Waiter<Op<'connection.poll'>>>;
	/** Senders on the other end waiting to learn where this end's reader listens (again). */
	routes: Array<{peer: Peer; op: RouteOp}>;
	/** How far the readers before took each sender's messages (by pid), for the next reader. */
	consumed: Record<string, number>;
	/** A reader died with messages: the next one starts each sender at the first message it sees. */
	resync: boolean;
	/** Senders told where the current reader listens (peer key → pid): it drains their sockets before it lets go. */
	routedTo: Map<number, number>;
}

function freshEnd(): EndState {
	return {
		holders: new Map(),
		everHeld: false,
		reader: undefined,
		backlog: [],
		backlogBytes: 0,
		senders: new Line(),
		receivers: new Line(),
		claimers: new Line(),
		pollers: new Line(),
		routes: [],
		consumed: {},
		resync: false,
		routedTo: new Map(),
	};
}

/**
 * A pipe's two ends: who holds each, who reads each, and the frames that
 * went through the broker. Messages travel directly between processes once
 * the reader of an end listens and nobody watches the run; the broker
 * always knows who holds what, parks a reader that waits (so hang
 * detection sees it), and says EOF once no process holds the other end.
 */
export class ConnectionUnit implements Unit<'connection'> {
	readonly kind = 'connection';
	readonly #broker: Broker;
	readonly #name: string;
	readonly #duplex: boolean;
	readonly #ends: [EndState, EndState] = [freshEnd(), freshEnd()];
	readonly #starts = new Map<number, {from: Record<string, number>; resync: boolean}>();

	constructor(handle: Handle, broker: Broker) {
		this.#broker = broker;
		this.#name = handle.name;
		this.#duplex = handle.duplex ?? true;
	}

	info(): ConnectionInfo {
		const who = (peer: Peer) => ({name: peer.name, pid: peer.pid});
		return {
			duplex: this.#duplex,
			ends: this.#ends.map(end => ({
				holders: [...end.holders.values()].map(who),
				reader: end.reader ? who(end.reader.peer) : null,
				queued: end.backlog.length,
				queuedBytes: end.backlogBytes,
			})),
		};
	}

	handle(peer: Peer, op: OpOf<'connection'>): void {
		const broker = this.#broker;
		switch (op.op) {
			case 'connection.hold': {
				const end = this.#ends[op.end];
				if (end.everHeld && end.holders.size === 0) return broker.fail(peer, op, 'CLOSED', `end ${op.end} of pipe ${this.#name} is closed in every process`);
				end.holders.set(peer.key, peer);
				end.everHeld = true;
				return broker.reply(peer, op, {});
			}
			case 'connection.close':
				return this.#release(peer, op.end, op.t);
			case 'connection.send': {
				const target = this.#ends[other(op.end)];
				// Nobody can ever read an end closed in every process: what is sent there is dropped, as on a dead socket.
				if (!this.#dead(other(op.end))) this.#queue(other(op.end), op.items);
				this.#emit(peer, op.t, 'send', {end: op.end, n: op.items.length, queued: target.backlog.length});
				return this.#serve(other(op.end));
			}
			case 'connection.sendWait': {
				const to = other(op.end);
				if (!this.#full(to)) return broker.reply(peer, op, {});
				this.#emit(peer, op.t, 'send-wait', {end: op.end, queuedBytes: this.#ends[to].backlogBytes});
				broker.park(peer, op, 'connection', this.#name, {
					line: this.#ends[to].senders,
					call: 'connection.send()',
					timeoutMessage: `end ${to} of pipe ${this.#name} stayed unread`,
				});
				return;
			}
			case 'connection.route':
				this.#ends[other(op.end)].routes.push({peer, op});
				return this.#answerRoutes(other(op.end));
			case 'connection.unread': {
				const end = this.#ends[op.end];
				if (!this.#dead(op.end)) this.#queue(op.end, op.items);
				if (op.consumed) {
					for (const [pid, seq] of Object.entries(op.consumed)) end.consumed[pid] = Math.max(end.consumed[pid] ?? 0, seq);
					const senders = end.reader?.peer.key === peer.key ? [...end.routedTo.values()] : [];
					broker.reply(peer, op, {senders});
					if (end.reader?.peer.key === peer.key) {
						this.#endWaits(peer, op.end);
						this.#dropReader(op.end);
					}
				}
				return this.#serve(op.end);
			}
			case 'connection.recv':
				return this.#recv(peer, op);
			case 'connection.recvDone': {
				const end = this.#ends[op.end];
				const waiter = [...end.receivers].find(candidate => candidate.peer.key === peer.key);
				if (!waiter) return;
				end.receivers.delete(waiter);
				return this.#deliver(op.end, peer, waiter.op, waiter);
			}
			case 'connection.poll': {
				// While another process reads the end, what comes is its: a poll here waits for what it hands back.
				if (this.#ready(op.end)) return broker.reply(peer, op, {});
				if (op.timeout === 0) return broker.fail(peer, op, 'TIMEOUT', `nothing to receive on end ${op.end} of pipe ${this.#name}`);
				this.#emit(peer, op.t, 'poll-wait', {end: op.end});
				broker.park(peer, op, 'connection', this.#name, {
					line: this.#ends[op.end].pollers,
					call: 'connection.poll()',
					timeoutMessage: `nothing to receive on end ${op.end} of pipe ${this.#name}`,
				});
				return;
			}
			case 'connection.info':
				return broker.reply(peer, op, {info: this.info()});
			default:
				return unhandled(op);
		}
	}

	#recv(peer: Peer, op: RecvOp): void {
		const broker = this.#broker;
		const end = this.#ends[op.end];
		const reader = end.reader;
		if (op.claim !== undefined) {
			if (!reader || reader.peer.key === peer.key) return this.#becomeReader(op.end, peer, op);
			// One process receives on an end at a time: this one waits until the reader lets go.
			if (op.timeout === 0) return broker.fail(peer, op, 'TIMEOUT', `end ${op.end} of pipe ${this.#name} is read by ${reader.peer.name}`);
			this.#emit(peer, op.t, 'recv-wait', {end: op.end, readBy: reader.peer.name});
			broker.park(peer, op, 'connection', this.#name, {
				line: end.claimers,
				call: 'connection.recv()',
				timeoutMessage: `end ${op.end} of pipe ${this.#name} stayed read by ${reader.peer.name}`,
			});
			return;
		}
		if (reader?.peer.key !== peer.key) return broker.fail(peer, op, 'VALUE', `${peer.name} does not read end ${op.end} of pipe ${this.#name}`);
		this.#waitOrDeliver(op.end, peer, op);
	}

	#waitOrDeliver(end: End, peer: Peer, op: RecvOp): void {
		const broker = this.#broker;
		if (this.#ready(end)) return this.#deliver(end, peer, op);
		if (op.timeout === 0) return broker.fail(peer, op, 'TIMEOUT', `nothing to receive on end ${end} of pipe ${this.#name}`);
		this.#emit(peer, op.t, 'recv-wait', {end});
		broker.park(peer, op, 'connection', this.#name, {
			line: this.#ends[end].receivers,
			call: 'connection.recv()',
			timeoutMessage: `nothing to receive on end ${end} of pipe ${this.#name}`,
		});
	}

	/**
	 * `peer` reads `end` from now on, listening at the claim's path: senders
	 * learn it, and its first answer says where each sender's messages start.
	 * A claimer that waited for its turn is answered at once, even empty.
	 */
	#becomeReader(end: End, peer: Peer, op: RecvOp, waited?: Waiter<RecvOp>): void {
		const state = this.#ends[end];
		state.reader = {peer, path: op.claim ?? ''};
		state.routedTo = new Map();
		this.#answerRoutes(end);
		const start = {from: state.consumed, resync: state.resync};
		state.consumed = {};
		state.resync = false;
		if (waited || this.#ready(end) || op.timeout === 0) return this.#deliver(end, peer, op, waited, start);
		this.#starts.set(peer.key, start);
		this.#waitOrDeliver(end, peer, op);
	}

	/** The reader of `end` let go (handed back, closed, exited): senders learn it, the next claimer reads. */
	#dropReader(end: End): void {
		const state = this.#ends[end];
		state.reader = undefined;
		state.routedTo = new Map();
		const next = state.claimers.shift();
		if (next) this.#becomeReader(end, next.peer, next.op, next);
		else this.#answerRoutes(end);
	}

	/** No process holds the end messages for `end` come from. */
	#eof(end: End): boolean {
		const sender = this.#ends[other(end)];
		return sender.everHeld && sender.holders.size === 0;
	}

	/** No process holds `end`, and none can again: nobody will read it. */
	#dead(end: End): boolean {
		const state = this.#ends[end];
		return state.everHeld && state.holders.size === 0;
	}

	/** Senders to `end` wait: more than the limit is queued for it and someone may still read it. */
	#full(end: End): boolean {
		return this.#ends[end].backlogBytes > BACKLOG_LIMIT && !this.#dead(end);
	}

	#queue(end: End, items: Wire[]): void {
		const state = this.#ends[end];
		for (const item of items) {
			state.backlog.push(item);
			state.backlogBytes += wireBytes(item);
		}
	}

	/** The backlog for `end` fell to the limit (or nobody can read it any more): its waiting senders go on. */
	#wakeSenders(end: End): void {
		const state = this.#ends[end];
		if (this.#full(end)) return;
		if (this.#dead(end)) {
			state.backlog.length = 0;
			state.backlogBytes = 0;
		}
		for (let waiter = state.senders.shift(); waiter; waiter = state.senders.shift()) this.#broker.resolve(waiter, {});
	}

	#ready(end: End): boolean {
		return this.#ends[end].backlog.length > 0 || this.#eof(end);
	}

	/** Hand the backlog (and EOF) to whoever waits on `end`. */
	#serve(end: End): void {
		if (!this.#ready(end)) return;
		const state = this.#ends[end];
		for (let waiter = state.pollers.shift(); waiter; waiter = state.pollers.shift()) this.#broker.resolve(waiter, {});
		const waiter = state.receivers.shift();
		if (waiter) this.#deliver(end, waiter.peer, waiter.op, waiter);
	}

	#deliver(end: End, peer: Peer, op: RecvOp, waiter?: Waiter<RecvOp>, start = this.#takeStart(peer)): void {
		const items = this.#ends[end].backlog.splice(0);
		this.#ends[end].backlogBytes = 0;
		this.#wakeSenders(end);
		const eof = this.#eof(end);
		if (items.length > 0 || eof) this.#emit(peer, now(), items.length === 0 ? 'eof' : 'recv', {end, n: items.length});
		const result = {items, eof, direct: this.#broker.fast, ...start};
		if (waiter) this.#broker.resolve(waiter, result);
		else this.#broker.reply(peer, op, result);
	}

	/** A claim's answer still to come: where senders start. */
	#takeStart(peer: Peer): {from?: Record<string, number>; resync?: boolean} {
		const start = this.#starts.get(peer.key);
		this.#starts.delete(peer.key);
		return start ?? {};
	}

	/** Senders on the other end whose idea of where `end`'s reader listens is out of date learn the new one. */
	#answerRoutes(end: End): void {
		const state = this.#ends[end];
		const path = state.reader?.path && this.#broker.fast ? state.reader.path : '';
		const kept: typeof state.routes = [];
		for (const route of state.routes) {
			if ((route.op.known ?? '') === path) kept.push(route);
			else {
				if (path) state.routedTo.set(route.peer.key, route.peer.pid);
				this.#broker.reply(route.peer, route.op, {path});
			}
		}
		state.routes = kept;
	}

	/** `peer` holds `end` no more (closed it, or exited): the other end may be at EOF now. */
	#release(peer: Peer, end: End, t: number): void {
		const state = this.#ends[end];
		if (!state.holders.delete(peer.key)) return;
		this.#endWaits(peer, end);
		if (state.reader?.peer.key === peer.key) this.#dropReader(end);
		this.#dropRoutes(peer, end);
		this.#endSendWaits(peer, end);
		this.#emit(peer, t, 'close', {end, holders: state.holders.size});
		this.#wakeSenders(end);
		this.#serve(other(end));
	}

	/** `peer` sends on `end` no more: its send() that waits goes on, as one on a socket that closed. */
	#endSendWaits(peer: Peer, end: End): void {
		const line = this.#ends[other(end)].senders;
		for (const waiter of [...line].filter(candidate => candidate.peer.key === peer.key)) {
			line.delete(waiter);
			this.#broker.resolve(waiter, {});
		}
	}

	/** `peer` reads `end` no more: its own waits there end (what comes next is for another reader). */
	#endWaits(peer: Peer, end: End): void {
		const state = this.#ends[end];
		for (const line of [state.receivers, state.claimers, state.pollers] as Array<Line<Waiter<Op>>>) {
			for (const waiter of [...line].filter(candidate => candidate.peer.key === peer.key)) {
				line.delete(waiter);
				this.#broker.unpark(waiter);
				this.#broker.fail(peer, waiter.op, 'CLOSED', `end ${end} of pipe ${this.#name} is closed`);
			}
		}
		this.#starts.delete(peer.key);
	}

	/** Route requests `peer` made as a sender on `end` settle: it sends no more. */
	#dropRoutes(peer: Peer, end: End): void {
		const target = this.#ends[other(end)];
		target.routedTo.delete(peer.key);
		const kept: typeof target.routes = [];
		for (const route of target.routes) {
			if (route.peer.key === peer.key) this.#broker.reply(peer, route.op, {path: ''});
			else kept.push(route);
		}
		target.routes = kept;
	}

	#emit(peer: Peer, t: number, op: string, detail?: Record<string, unknown>): void {
		this.#broker.emit(peer, t, 'connection', this.#name, op, detail);
	}

	/** A child on its way out: its route requests, which the core does not park, get their answer. */
	peerClosing(peer: Peer): void {
		this.#dropRoutes(peer, 0);
		this.#dropRoutes(peer, 1);
	}

	/** An exited process holds nothing and reads nothing: the ends it held may be at EOF now. */
	peerExited(peer: Peer): void {
		for (const end of [0, 1] as const) {
			const state = this.#ends[end];
			this.#starts.delete(peer.key);
			state.routes = state.routes.filter(route => route.peer.key !== peer.key);
			state.routedTo.delete(peer.key);
			if (state.reader?.peer.key === peer.key) {
				// It died reading: what was on its way to it is gone, so the next reader cannot count from zero.
				state.resync = true;
				this.#dropReader(end);
			}
			if (state.holders.delete(peer.key)) this.#emit(peer, now(), 'close', {end, holders: state.holders.size, exited: true});
		}
		this.#wakeSenders(0);
		this.#wakeSenders(1);
		this.#serve(0);
		this.#serve(1);
	}
}

/** Bytes a frame takes at the broker. */
function wireBytes(item: Wire): number {
	if (item instanceof Uint8Array) return item.byteLength;
	return typeof item === 'string' ? Buffer.byteLength(item) : 8;
}

function other(end: End): End {
	return end === 0 ? 1 : 0;
}
