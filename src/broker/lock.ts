import fs from 'node:fs';
import type {OwnerFile} from '../ipc/owner.ts';
import {isAlive, occupied, readOwnerFile} from '../ipc/owner.ts';
import type {Handle, LockInfo, Op} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import type {Broker, Peer, Waiter} from './core.ts';
import {Line} from './line.ts';
import type {OpOf, Unit} from './unit.ts';
import {unhandled} from './unit.ts';

/**
 * How often the lock path is looked at again while someone waits: for what
 * nobody will post a release of (a file that is no owner record, a holder
 * from outside the run that died unseen).
 */
const POLL_MS = 300;

/**
 * A lock lives in its file; the broker keeps the line of waiters, wakes the
 * first when the file is gone, and recovers the lock of a holder that died.
 */
export class LockUnit implements Unit<'lock'> {
	readonly kind = 'lock';
	readonly #broker: Broker;
	readonly #name: string;
	readonly #path: string;
	readonly #waiters = new Line<Waiter<Op<'lock.wait'>>>();
	/** The waiter told to retry and not yet heard from. */
	#woken: number | null = null;
	/** Why the lock file is no owner record, once reported (once per episode); null while it is one or absent. */
	#unknown: string | null = null;
	/** Looks at the lock path again while waiters park (see POLL_MS). */
	#poll: NodeJS.Timeout | undefined;

	constructor(handle: Handle, broker: Broker) {
		this.#broker = broker;
		this.#name = handle.name;
		this.#path = handle.path!;
	}

	info(): LockInfo {
		const file = readOwnerFile(this.#path);
		return {
			path: this.#path,
			holder: file.kind === 'owner' ? {name: file.owner.name, pid: file.owner.pid} : null,
			unknown: file.kind === 'unknown' ? file.reason : null,
			waiting: this.#waiters.length,
		};
	}

	handle(peer: Peer, op: OpOf<'lock'>): void {
		const broker = this.#broker;
		// Whatever a woken waiter does next with the lock (take it, or wait again) is its answer.
		if (this.#woken === peer.key && op.op !== 'lock.info') this.#woken = null;
		switch (op.op) {
			case 'lock.acquired':
				broker.emit(peer, op.t, 'lock', this.#name, 'acquired');
				return;
			case 'lock.released':
				broker.emit(peer, op.t, 'lock', this.#name, 'release');
				return this.#wake();
			case 'lock.freed':
				return this.#wake();
			case 'lock.wait': {
				const file = this.#file();
				if (file.kind === 'none') return broker.reply(peer, op, {});
				if (!op.retry) broker.emit(peer, op.t, 'lock', this.#name, 'acquire');
				// Held by something that is no owner record: park like any waiter (never 'retry', which spins).
				if (file.kind === 'unknown') this.#reportUnknown(peer, op.t, file.reason);
				broker.park(peer, op, 'lock', this.#name, {
					line: this.#waiters,
					call: 'lock.acquire()',
					first: op.retry ?? false,
					timeoutMessage: `lock ${this.#name} stayed held`,
				});
				this.#watch();
				return this.#wake();
			}
			case 'lock.info':
				return broker.reply(peer, op, {info: this.info()});
			default:
				return unhandled(op);
		}
	}

	/** What is at the lock path, once a holder that died unseen has been recovered. */
	#file(): OwnerFile {
		const file = readOwnerFile(this.#path);
		if (file.kind !== 'unknown') this.#unknown = null;
		// A holder that is not one of the run's live processes may have died unseen.
		if (file.kind === 'owner' && !this.#broker.peerByPid(file.owner.pid) && !isAlive(file.owner) && this.#recover(file.owner.pid)) return {kind: 'none'};
		return file;
	}

	/**
	 * The lock file is no owner record (junk, a symlink, unreadable): held by an
	 * unknown owner. It is not ours to delete; say so once per episode (the
	 * watch wakes the first waiter once it is gone).
	 */
	#reportUnknown(peer: Peer, t: number, reason: string): void {
		if (this.#unknown !== null) return;
		this.#unknown = reason;
		this.#broker.emit(peer, t, 'lock', this.#name, 'unknown-owner', {path: this.#path, reason});
	}

	/** While anyone waits, look at the path now and then: junk may appear (or go) at any moment, and a holder from outside the run may die unseen. */
	#watch(): void {
		this.#poll ??= setInterval(() => {
			const head = this.#waiters.peek();
			if (!head) {
				clearInterval(this.#poll);
				this.#poll = undefined;
				return;
			}
			const file = this.#file();
			if (file.kind === 'unknown') this.#reportUnknown(head.peer, now(), file.reason);
			this.#wake();
		}, POLL_MS).unref();
	}

	/** Tell the first waiter to try again once the lock path is free (lstat: a dangling symlink occupies it too). */
	#wake(): void {
		if (this.#woken !== null || this.#waiters.length === 0 || occupied(this.#path)) return;
		const waiter = this.#waiters.shift()!;
		this.#woken = waiter.peer.key;
		this.#broker.resolve(waiter, {});
	}

	/** Remove a lock file whose owner died; report it. Only the broker does this, so two waiters never race to recover. */
	#recover(pid: number, exited?: Peer): boolean {
		const file = readOwnerFile(this.#path);
		const owner = file.kind === 'owner' ? file.owner : null;
		if (!owner || owner.pid !== pid || isAlive(owner)) return false;
		try {
			fs.unlinkSync(this.#path);
		} catch {
			return false;
		}
		const dead = exited ?? this.#broker.peerByPid(pid);
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
		const file = readOwnerFile(this.#path);
		if (file.kind === 'owner' && file.owner.pid === peer.pid) this.#recover(peer.pid, peer);
		this.#wake();
	}

	close(): void {
		clearInterval(this.#poll);
	}
}
