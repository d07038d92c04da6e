import type {Handle, Op, SemaphoreInfo} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import type {Broker, Peer, Waiter} from './core.ts';
import {Line} from './line.ts';
import type {OpOf, Unit} from './unit.ts';
import {unhandled} from './unit.ts';

/** Re-takes of a permit a process may make without asking while others wait (fast paths on). */
const LEASE = 32;

/** A counter of permits, who holds how many, and who waits for one. Permits of a process that exits come back. */
export class SemaphoreUnit implements Unit<'semaphore'> {
	readonly kind = 'semaphore';
	readonly #broker: Broker;
	readonly #name: string;
	readonly #initial: number;
	#value: number;
	#peak = 0;
	readonly #held = new Map<number, number>();
	readonly #waiters = new Line<Waiter<Op<'semaphore.acquire'>>>();

	constructor(handle: Handle, broker: Broker, initial = 1) {
		this.#broker = broker;
		this.#name = handle.name;
		this.#initial = initial;
		this.#value = initial;
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
					return broker.reply(peer, op, {lease: broker.fast ? Infinity : 0});
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
				const held = this.#held.get(peer.key) ?? 0;
				if (held > op.n) this.#held.set(peer.key, held - op.n);
				else this.#held.delete(peer.key);
				this.#value += op.n;
				broker.emit(peer, op.t, 'semaphore', this.#name, 'release', {value: this.#value, holders: this.#holders()});
				return this.#serve();
			}
			case 'semaphore.info':
				return broker.reply(peer, op, {info: this.info()});
			default:
				return unhandled(op);
		}
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
			this.#broker.resolve(waiter, {lease: this.#broker.fast ? LEASE : 0});
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
