import fs from 'node:fs';
import type {OwnerFile} from '../ipc/owner.ts';
import {isAlive, occupied, readOwnerFile} from '../ipc/owner.ts';
import type {Handle, InfoByKind, Op} from '../ipc/protocol.ts';
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
 * Lock and RLock share this unit: an RLock's reentry is counted by its holder
 * and written in its owner record, which `info()` reads.
 */
export class LockUnit<K extends 'lock' | 'rlock' = 'lock'> implements Unit<K> {
	readonly kind: K;
	readonly #broker: Broker;
	readonly #name: string;
	readonly #id: string;
	readonly #path: string;
	/** `lock.acquire()` or `rlock.acquire()`: what hang reports call the wait. */
	readonly #call: string;
	readonly #waiters = new Line<Waiter<Op<'lock.wait' | 'rlock.wait'>>>();
	/** The waiter told to retry and not yet heard from. */
	#woken: number | null = null;
	/** Why the lock file is no owner record, once reported (once per episode); null while it is one or absent. */
	#unknown: string | null = null;
	/** Looks at the lock path again while waiters park (see POLL_MS). */
	#poll: NodeJS.Timeout | undefined;

	constructor(handle: Handle, broker: Broker, kind: K = 'lock' as K) {
		this.kind = kind;
		this.#broker = broker;
		this.#name = handle.name;
		this.#id = handle.id;
		this.#path = handle.path!;
		this.#call = `${kind}.acquire()`;
	}

	info(): InfoByKind[K] {
		const file = readOwnerFile(this.#path);
		const owner = file.kind === 'owner' ? file.owner : null;
		const holder = owner && (this.kind === 'rlock' ? {name: owner.name, pid: owner.pid, depth: owner.depth ?? 1} : {name: owner.name, pid: owner.pid});
		return {path: this.#path, holder, unknown: file.kind === 'unknown' ? file.reason : null, waiting: this.#waiters.length} as InfoByKind[K];
	}

	handle(peer: Peer, op: OpOf<'lock'> | OpOf<'rlock'>): void {
		const broker = this.#broker;
		// Whatever a woken waiter does next with the lock (take it, or wait again) is its answer.
		if (this.#woken === peer.key && op.op !== 'lock.info' && op.op !== 'rlock.info') this.#woken = null;
		switch (op.op) {
			case 'lock.acquired':
			case 'rlock.acquired':
				broker.emit(peer, op.t, this.kind, this.#name, 'acquired');
				return;
			case 'lock.released':
			case 'rlock.released':
				broker.emit(peer, op.t, this.kind, this.#name, 'release');
				return this.#wake();
			case 'lock.freed':
			case 'rlock.freed':
				return this.#wake();
			case 'lock.wait':
			case 'rlock.wait': {
				const file = this.#file();
				if (file.kind === 'none') return broker.reply(peer, op, {});
				if (!op.retry) broker.emit(peer, op.t, this.kind, this.#name, 'acquire');
				// Held by something that is no owner record: park like any waiter (never 'retry', which spins).
				if (file.kind === 'unknown') this.#reportUnknown(peer, op.t, file.reason);
				this.#park(peer, op);
				return this.#wake();
			}
			case 'lock.info':
			case 'rlock.info':
				return broker.reply(peer, op, {info: this.info()});
			default:
				return unhandled(op);
		}
	}

	#park(peer: Peer, op: Op<'lock.wait' | 'rlock.wait'>): void {
		this.#broker.park(peer, op, this.kind, this.#name, {
			line: this.#waiters,
			call: this.#call,
			first: op.retry ?? false,
			timeoutMessage: `${this.kind} ${this.#name} stayed held`,
		});
		this.#watch();
	}

	/**
	 * A condition's notified waiter waits for this lock now: its wait() (the
	 * request `req`) is answered once the lock file is free, as a lock waiter
	 * is woken, so it never finds the notifier still holding the lock.
	 * `held`: the notifier holds the lock (a notify), so the file need not be read.
	 */
	requeue(peer: Peer, req: number, condition: string, held: boolean): void {
		const op = {op: `${this.kind}.wait`, target: this.#id, req, t: now(), condition} as Op<'lock.wait' | 'rlock.wait'>;
		if (!held) return this.handle(peer, op);
		this.#broker.emit(peer, op.t, this.kind, this.#name, 'acquire');
		this.#park(peer, op);
	}

	/**
	 * A condition's waiter gives its lock up with its wait(), once the
	 * condition has put it in line: its file goes — if it still is its owner
	 * record `record` (`dev:ino`) — and the first waiter for the lock is woken.
	 * Nobody can take the lock, and so nobody can notify, before the waiter is in line.
	 */
	handOver(peer: Peer, t: number, record: string): void {
		const at = fs.lstatSync(this.#path, {bigint: true, throwIfNoEntry: false});
		if (!at || `${at.dev}:${at.ino}` !== record) return;
		try {
			fs.unlinkSync(this.#path);
		} catch {
			return;
		}
		this.#broker.emit(peer, t, this.kind, this.#name, 'release');
		this.#wake(true);
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
		this.#broker.emit(peer, t, this.kind, this.#name, 'unknown-owner', {path: this.#path, reason});
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

	/**
	 * Tell the first waiter to try again once the lock path is free (lstat: a
	 * dangling symlink occupies it too). `freed`: the broker has just removed
	 * the file itself (should another take it meanwhile, the waiter finds out
	 * and keeps its place).
	 */
	#wake(freed = false): void {
		if (this.#woken !== null || this.#waiters.length === 0 || (!freed && occupied(this.#path))) return;
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
		this.#broker.emit(dead ?? {key: -1, name: owner.name, pid, send() {}}, now(), this.kind, this.#name, 'recovered', {deadPid: pid, deadProc: owner.name});
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
