import type {Handle, Op, SemaphoreInfo} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import type {Broker, Peer, Waiter} from './core.ts';
import {Line} from './line.ts';
import type {OpOf, Unit} from './unit.ts';
import {unhandled} from './unit.ts';

/** Re-takes of a permit a process may make without asking while others wait (fast paths on). */
const LEASE = 32;

/**
 * A counter of permits, who holds how many, and who waits for one. Permits
 * of a process that exits come back. A bounded semaphore refuses a release
 * beyond its initial value, and never lends permits (every release is checked here).
 */
export class SemaphoreUnit implements Unit<'semaphore'> {
	readonly kind = 'semaphore';
	readonly #broker: Broker;
	readonly #name: string;
	readonly #initial: number;
	readonly #bounded: boolean;
	#value: number;
	#peak = 0;
	readonly #held = new Map<number, number>();
	readonly #waiters = new Line<Waiter<Op<'semaphore.acquire'>>>();

	constructor(handle: Handle, broker: Broker, initial = 1) {
		this.#broker = broker;
		this.#name = handle.name;
		this.#initial = initial;
		this.#value = initial;
		this.#bounded = handle.bounded ?? false;
	}

	info(): SemaphoreInfo {
		return {value: this.#value, initial: this.#initial, peak: this.#peak};
	}

	handle(peer: Peer, op: OpOf<'semaphore'>): void {
		const broker = this.#broker;
		switch (op.op) {
			case 'semaphore.acquire':
				if (this.#value > 0 && this.#waiters.length === 0) {
					this.#grant(peer, op.t);
					// Nobody waits and fast paths are on: the process may keep the permit when it releases
					// it and take it again without asking, within its current turn of the event loop.
					return broker.reply(peer, op, {lease: this.#lends ? Infinity : 0});
				}
				if (op.timeout === 0) return broker.fail(peer, op, 'TIMEOUT', `semaphore ${this.#name} has no permit free`);
				broker.emit(peer, op.t, 'semaphore', this.#name, 'acquire', {value: this.#value});
				broker.park(peer, op, 'semaphore', this.#name, {
					line: this.#waiters,
					call: 'semaphore.acquire()',
					timeoutMessage: `semaphore ${this.#name} had no permit free`,
				});
				return;
			case 'semaphore.release': {
				if (this.#bounded && this.#value + op.n > this.#initial)
					return broker.fail(peer, op, 'VALUE', `release of bounded semaphore ${this.#name} beyond its initial value ${this.#initial}`);
				this.#unhold(peer.key, op.n);
				this.#value += op.n;
				broker.emit(peer, op.t, 'semaphore', this.#name, 'release', {value: this.#value, holders: this.#holders()});
				broker.reply(peer, op, {});
				return this.#serve();
			}
			case 'semaphore.info':
				return broker.reply(peer, op, {info: this.info()});
			default:
				return unhandled(op);
		}
	}

	/** Processes may keep released permits and take them again without asking (fast paths on, not bounded). */
	get #lends(): boolean {
		return this.#broker.fast && !this.#bounded;
	}

	/**
	 * A release gives back the releasing process's permits. A bounded
	 * semaphore's release by a process holding fewer gives back others'
	 * (anyone may release, as in Python), so that held permits and the value
	 * always add up to the initial value and a holder's later death returns
	 * nothing twice.
	 */
	#unhold(key: number, n: number): void {
		let left = this.#takeBack(key, n);
		if (this.#bounded) for (const holder of [...this.#held.keys()]) if (left > 0) left = this.#takeBack(holder, left);
	}

	/** Take up to `n` of a holder's permits back; returns how many are still to take. */
	#takeBack(key: number, n: number): number {
		const held = this.#held.get(key) ?? 0;
		if (held > n) {
			this.#held.set(key, held - n);
			return 0;
		}
		this.#held.delete(key);
		return n - held;
	}

	#holders(): number {
		let holders = 0;
		for (const n of this.#held.values()) holders += n;
		return holders;
	}

	#grant(peer: Peer, t: number): void {
		this.#value--;
		this.#held.set(peer.key, (this.#held.get(peer.key) ?? 0) + 1);
		const holders = this.#holders();
		this.#peak = Math.max(this.#peak, holders);
		this.#broker.emit(peer, t, 'semaphore', this.#name, 'acquired', {value: this.#value, holders});
	}

	#serve(): void {
		while (this.#value > 0 && this.#waiters.length > 0) {
			const waiter = this.#waiters.shift()!;
			this.#grant(waiter.peer, now());
			// Fast paths on: a lease lets the process take the permit again a few times without
			// asking, within its current turn of the event loop.
			this.#broker.resolve(waiter, {lease: this.#lends ? LEASE : 0});
		}
	}

	/** Permits an exited process held come back, and the broker says so. */
	peerExited(peer: Peer): void {
		const held = this.#held.get(peer.key) ?? 0;
		if (held === 0) return;
		this.#held.delete(peer.key);
		this.#value += held;
		this.#broker.emit(peer, now(), 'semaphore', this.#name, 'recovered', {deadPid: peer.pid, deadProc: peer.name, permits: held, value: this.#value});
		this.#serve();
	}
}
