import fs from 'node:fs';
import {isAlive, readOwner} from '../owner.ts';
import type {Owner} from '../owner.ts';
import type {Handle, LockInfo, Op} from '../protocol.ts';
import {now} from '../protocol.ts';
import type {Broker, Peer, Waiter} from './core.ts';
import {Line} from './line.ts';
import type {OpOf, Unit} from './unit.ts';

/**
 * A lock lives in its file; the broker keeps the line of waiters, wakes the
 * first when the file is gone, and recovers the lock of a holder that died.
 */
export class LockUnit implements Unit<'lock'> {
	readonly kind = 'lock';
	readonly #broker: Broker;
	readonly #name: string;
	readonly #path: string;
	readonly #holders = new Map<number, number>();
	readonly #waiters = new Line<Waiter<Op<'lock.wait'>>>();
	/** The waiter told to retry and not yet heard from. */
	#woken: number | null = null;

	constructor(handle: Handle, broker: Broker) {
		this.#broker = broker;
		this.#name = handle.name;
		this.#path = handle.path!;
	}

	/** The holder as its lock file records it. */
	owner(): Owner | null {
		return readOwner(this.#path);
	}

	info(): LockInfo {
		const owner = this.owner();
		return {holder: owner ? {name: owner.name, pid: owner.pid} : null, waiting: this.#waiters.length};
	}

	handle(peer: Peer, op: OpOf<'lock'>): void {
		const broker = this.#broker;
		if (this.#woken === peer.key) this.#woken = null;
		switch (op.op) {
			case 'lock.acquired':
				this.#holders.set(peer.key, (this.#holders.get(peer.key) ?? 0) + 1);
				broker.emit(peer, op.t, 'lock', this.#name, 'acquired');
				return;
			case 'lock.released': {
				const held = this.#holders.get(peer.key) ?? 0;
				if (held > 1) this.#holders.set(peer.key, held - 1);
				else this.#holders.delete(peer.key);
				broker.emit(peer, op.t, 'lock', this.#name, 'release');
				return this.#wake();
			}
			case 'lock.wait': {
				let owner = this.owner();
				// A holder that is not one of the run's live processes may have died unseen.
				if (owner && !broker.peerByPid(owner.pid) && !isAlive(owner) && this.#recover(owner.pid)) owner = null;
				if (!owner) return broker.reply(peer, op, {});
				if (!op.retry) broker.emit(peer, op.t, 'lock', this.#name, 'acquire');
				broker.park(peer, op, 'lock', this.#name, {line: this.#waiters, call: 'lock.acquire()', first: op.retry ?? false, timeoutMessage: `lock ${this.#name} stayed held`});
				return this.#wake();
			}
			case 'lock.info':
				return broker.reply(peer, op, {info: this.info()});
		}
	}

	/** Tell the first waiter to try again once the lock file is gone. */
	#wake(): void {
		if (this.#woken !== null || this.#waiters.length === 0 || fs.existsSync(this.#path)) return;
		const waiter = this.#waiters.shift()!;
		this.#woken = waiter.peer.key;
		this.#broker.resolve(waiter, {});
	}

	/** Remove a lock file whose owner died; report it. Only the broker does this, so two waiters never race to recover. */
	#recover(pid: number, exited?: Peer): boolean {
		const owner = this.owner();
		if (!owner || owner.pid !== pid || isAlive(owner)) return false;
		try {
			fs.unlinkSync(this.#path);
		} catch {
			return false;
		}
		const dead = exited ?? this.#broker.peerByPid(pid);
		if (dead) this.#holders.delete(dead.key);
		this.#broker.emit(dead ?? {key: -1, name: owner.name, pid, send() {}}, now(), 'lock', this.#name, 'recovered', {deadPid: pid, deadProc: owner.name});
		return true;
	}

	/** A woken waiter on its way out will not take the lock: wake the next. */
	peerClosing(peer: Peer): void {
		if (this.#woken !== peer.key) return;
		this.#woken = null;
		this.#wake();
	}

	/** A holder that exited without releasing: its lock is recovered and the next waiter woken. */
	peerExited(peer: Peer): void {
		if (this.#woken === peer.key) this.#woken = null;
		if (this.owner()?.pid === peer.pid) this.#recover(peer.pid, peer);
		this.#holders.delete(peer.key);
		this.#wake();
	}
}
