import type {BarrierInfo, Handle, Op} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import type {Broker, Peer, Waiter} from './core.ts';
import {Line} from './line.ts';
import type {OpOf, Unit} from './unit.ts';
import {unhandled} from './unit.ts';

type Party = Waiter<Op<'barrier.wait'>>;

/** What a party whose wait cannot pass gets: the client throws `BrokenBarrierError`. */
const BROKEN = 'BROKEN_BARRIER';

/**
 * Processes that wait for each other, `parties` at a time, as Python's
 * `Barrier`. The parties of the filling cycle park in arrival order, so a
 * party's place in line is the index its `wait()` returns. The process that
 * completes a cycle gets index `parties - 1`; when there is an action, it
 * runs it and reports back before anyone passes. Whatever breaks the barrier
 * (abort, a timed-out wait, a party that dies, a failed action) fails every
 * process waiting at it, and it stays broken until `reset()`.
 */
export class BarrierUnit implements Unit<'barrier'> {
	readonly kind = 'barrier';
	readonly #broker: Broker;
	readonly #name: string;
	readonly #parties: number;
	readonly #hasAction: boolean;
	/** Parties of the cycle now filling, in order of arrival. */
	#cycle = new Line<Party>();
	/** Completed cycles waiting for their action, by the key of the process running it. */
	readonly #acting = new Map<number, {runner: Peer; line: Line<Party>}>();
	/** Parked parties per process: the core drops a leaving process's waits before the unit hears of it. */
	readonly #parked = new Map<number, number>();
	/** Why the barrier is broken, or null. */
	#broken: string | null = null;
	#cycles = 0;

	constructor(handle: Handle, broker: Broker) {
		this.#broker = broker;
		this.#name = handle.name;
		this.#parties = handle.parties ?? 1;
		this.#hasAction = handle.action !== undefined;
	}

	info(): BarrierInfo {
		return {
			parties: this.#parties,
			waiting: this.#broken === null ? this.#cycle.length : 0,
			broken: this.#broken !== null,
			cycles: this.#cycles,
			acting: [...this.#acting.values()].map(({runner}) => ({name: runner.name, pid: runner.pid})),
		};
	}

	handle(peer: Peer, op: OpOf<'barrier'>): void {
		const broker = this.#broker;
		switch (op.op) {
			case 'barrier.wait':
				return this.#arrive(peer, op);
			case 'barrier.acted':
				return this.#acted(peer, op);
			case 'barrier.reset': {
				const waiting = this.#cycle.length;
				broker.emit(peer, op.t, 'barrier', this.#name, 'reset', {waiting});
				const cycle = this.#cycle;
				this.#cycle = new Line();
				this.#failAll(cycle, `barrier ${this.#name} was reset by ${peer.name} while ${waiting} of ${this.#parties} parties waited`);
				this.#broken = null;
				return;
			}
			case 'barrier.abort':
				broker.emit(peer, op.t, 'barrier', this.#name, 'abort', {waiting: this.#cycle.length});
				return this.#break(`aborted by ${peer.name}`);
			case 'barrier.info':
				return broker.reply(peer, op, {info: this.info()});
			default:
				return unhandled(op);
		}
	}

	#arrive(peer: Peer, op: Op<'barrier.wait'>): void {
		const broker = this.#broker;
		if (this.#broken !== null) {
			broker.emit(peer, op.t, 'barrier', this.#name, 'broken', {reason: this.#broken});
			return broker.fail(peer, op, BROKEN, `barrier ${this.#name} is broken (${this.#broken}); reset() makes it usable again`);
		}
		const index = this.#cycle.length;
		if (index + 1 < this.#parties) {
			const short = `with ${index + 1} of ${this.#parties} parties arrived`;
			if (op.timeout === 0) {
				// As in Python, a wait that runs out breaks the barrier: the caller's own wait fails too.
				broker.emit(peer, op.t, 'barrier', this.#name, 'timeout', {call: 'wait'});
				broker.fail(peer, op, 'TIMEOUT', `barrier ${this.#name} broke: ${peer.name} would not wait (timeout 0) ${short}`);
				return this.#break(`${peer.name} would not wait (timeout 0) ${short}`);
			}
			broker.emit(peer, op.t, 'barrier', this.#name, 'wait', {n: index + 1, parties: this.#parties});
			const timedOut = () => `the wait of ${peer.name} timed out after ${op.timeout} ms with ${this.#cycle.length + 1} of ${this.#parties} parties arrived`;
			this.#parked.set(peer.key, (this.#parked.get(peer.key) ?? 0) + 1);
			broker.park(peer, op, 'barrier', this.#name, {
				line: this.#cycle,
				call: 'barrier.wait()',
				// Said when the wait runs out: how many have arrived by then (the line no longer holds the one timing out).
				timeoutMessage: () => `barrier ${this.#name} broke: ${timedOut()}`,
				onTimeout: waiter => {
					const reason = timedOut();
					this.#left(waiter);
					this.#break(reason);
				},
			});
			return;
		}
		// This party completes the cycle; the next one starts filling at once.
		const line = this.#cycle;
		this.#cycle = new Line();
		if (!this.#hasAction) {
			broker.reply(peer, op, {index});
			return this.#pass(peer, op.t, line);
		}
		// Every party has arrived: as in Python, no timeout can break this cycle now, only its action or an abort.
		for (const waiter of line) clearTimeout(waiter.timer);
		this.#acting.set(peer.key, {runner: peer, line});
		broker.emit(peer, op.t, 'barrier', this.#name, 'action', {index});
		broker.reply(peer, op, {index, act: true});
	}

	/** The process that completed a cycle ran the action: everyone passes, or the barrier breaks. */
	#acted(peer: Peer, op: Op<'barrier.acted'>): void {
		const broker = this.#broker;
		const acting = this.#acting.get(peer.key);
		// The barrier broke while the action ran: the runner does not pass either.
		if (!acting) return broker.fail(peer, op, BROKEN, `barrier ${this.#name} broke while ${peer.name} ran its action (${this.#broken ?? 'reset'})`);
		if (op.error !== undefined) {
			broker.emit(peer, op.t, 'barrier', this.#name, 'action-failed', {error: op.error});
			return this.#break(`its action failed in ${peer.name}: ${op.error}`);
		}
		this.#acting.delete(peer.key);
		broker.reply(peer, op, {});
		this.#pass(peer, op.t, acting.line);
	}

	/** A cycle passes: its parked parties get their indexes, in order of arrival. */
	#pass(last: Peer, t: number, line: Line<Party>): void {
		const broker = this.#broker;
		this.#cycles++;
		broker.emit(last, t, 'barrier', this.#name, 'passed', {cycle: this.#cycles});
		let index = 0;
		for (let waiter = line.shift(); waiter; waiter = line.shift()) {
			this.#left(waiter);
			broker.emit(waiter.peer, now(), 'barrier', this.#name, 'woke', {index});
			broker.resolve(waiter, {index: index++});
		}
	}

	/** Break the barrier: every process waiting at it fails, and later waits fail until `reset()`. */
	#break(reason: string): void {
		this.#broken = reason;
		const cycle = this.#cycle;
		this.#cycle = new Line();
		const message = `barrier ${this.#name} broke: ${reason}`;
		this.#failAll(cycle, message);
		for (const {line} of this.#acting.values()) this.#failAll(line, message);
		this.#acting.clear();
	}

	#failAll(line: Line<Party>, message: string): void {
		const broker = this.#broker;
		for (let waiter = line.shift(); waiter; waiter = line.shift()) {
			this.#left(waiter);
			broker.unpark(waiter);
			broker.emit(waiter.peer, now(), 'barrier', this.#name, 'broken', {reason: message});
			broker.fail(waiter.peer, waiter.op, BROKEN, message);
		}
	}

	#left(waiter: Party): void {
		const n = (this.#parked.get(waiter.peer.key) ?? 1) - 1;
		if (n > 0) this.#parked.set(waiter.peer.key, n);
		else this.#parked.delete(waiter.peer.key);
	}

	/** A process leaving while it waits here, or while it runs the action, breaks the barrier for the others. */
	#lost(peer: Peer, how: string): void {
		const waited = this.#parked.has(peer.key);
		const acted = this.#acting.has(peer.key);
		if (!waited && !acted) return;
		this.#parked.delete(peer.key);
		this.#broker.emit(peer, now(), 'barrier', this.#name, 'party-died', {deadPid: peer.pid, deadProc: peer.name, acting: acted});
		this.#break(`${peer.name} (pid ${peer.pid}) ${how} ${acted ? 'while running its action' : 'while waiting at it'}`);
	}

	peerClosing(peer: Peer): void {
		this.#lost(peer, 'exited');
	}

	peerExited(peer: Peer): void {
		this.#lost(peer, 'died');
	}
}
