import type {ConditionInfo, Handle, Op} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import type {Broker, Peer, Waiter} from './core.ts';
import {Line} from './line.ts';
import {LockUnit} from './lock.ts';
import type {OpOf, Unit} from './unit.ts';
import {unhandled} from './unit.ts';

/**
 * A condition variable: the line of processes in wait(), and those notified
 * and not yet back from it. A waiter hands its lock over with its wait():
 * the unit puts it in line first and frees the lock after, so a notify can
 * only come once the waiter is in line. A notified waiter moves to the lock's
 * line, and hears of the notify once it can have the lock. One that dies
 * before it returns from wait() passes its notify on to the next waiter.
 */
export class ConditionUnit implements Unit<'condition'> {
	readonly kind = 'condition';
	readonly #broker: Broker;
	readonly #name: string;
	readonly #lock: Handle;
	readonly #waiters = new Line<Waiter<Op<'condition.wait'>>>();
	/** Notified waiters not yet back from wait(), by peer key (a process may wait more than once at a time). */
	readonly #waking = new Map<number, number>();

	constructor(handle: Handle, broker: Broker) {
		this.#broker = broker;
		this.#name = handle.name;
		this.#lock = handle.lock!;
	}

	info(): ConditionInfo {
		let waking = 0;
		for (const n of this.#waking.values()) waking += n;
		return {waiting: this.#waiters.length, waking};
	}

	handle(peer: Peer, op: OpOf<'condition'>): void {
		const broker = this.#broker;
		switch (op.op) {
			case 'condition.wait':
				broker.emit(peer, op.t, 'condition', this.#name, 'wait');
				broker.park(peer, op, 'condition', this.#name, {
					line: this.#waiters,
					call: 'condition.wait()',
					timeoutMessage: `condition ${this.#name} was not notified`,
				});
				return this.#lockUnit().handOver(peer, op.t, op.record);
			case 'condition.notify': {
				const woken = Math.min(op.n === 'all' ? this.#waiters.length : op.n, this.#waiters.length);
				broker.emit(peer, op.t, 'condition', this.#name, 'notify', {n: op.n, woken});
				for (let i = 0; i < woken; i++) this.#wakeNext(true);
				return;
			}
			case 'condition.returned': {
				const waking = this.#waking.get(peer.key) ?? 0;
				if (waking > 1) this.#waking.set(peer.key, waking - 1);
				else this.#waking.delete(peer.key);
				return;
			}
			case 'condition.info':
				return broker.reply(peer, op, {info: this.info()});
			default:
				return unhandled(op);
		}
	}

	/**
	 * Wake the first waiter in line: it waits for the lock now, and its wait()
	 * is answered once the lock is free (no timeout applies any more). It
	 * counts as waking until it says it returned. `held`: a notifier holds the lock.
	 */
	#wakeNext(held: boolean): void {
		const waiter = this.#waiters.shift();
		if (!waiter) return;
		this.#broker.unpark(waiter);
		this.#waking.set(waiter.peer.key, (this.#waking.get(waiter.peer.key) ?? 0) + 1);
		this.#broker.emit(waiter.peer, now(), 'condition', this.#name, 'woke');
		this.#lockUnit().requeue(waiter.peer, waiter.req, this.#name, held);
	}

	#lockUnit(): LockUnit<'lock' | 'rlock'> {
		const unit = this.#broker.unit(this.#lock.id, this.#lock.__sync);
		if (!(unit instanceof LockUnit)) throw new Error(`condition ${this.#name}: ${this.#lock.id} is no lock`);
		return unit;
	}

	/** A notified waiter that will never return from wait() (closing, or gone): its notify goes to the next waiter. */
	#passOn(peer: Peer): void {
		const waking = this.#waking.get(peer.key);
		if (waking === undefined) return;
		this.#waking.delete(peer.key);
		for (let i = 0; i < waking; i++) {
			const next = this.#waiters.peek();
			if (!next) return;
			this.#broker.emit(peer, now(), 'condition', this.#name, 'passed-on', {deadPid: peer.pid, deadProc: peer.name, to: next.peer.name});
			this.#wakeNext(false);
		}
	}

	peerClosing(peer: Peer): void {
		this.#passOn(peer);
	}

	peerExited(peer: Peer): void {
		this.#passOn(peer);
	}
}
