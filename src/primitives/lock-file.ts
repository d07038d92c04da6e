/**
 * What Lock and RLock share: a lock held as a real file. Taking it
 * hard-links an owner record to the lock path — `link()` is atomic and fails
 * if the file exists, like O_EXCL, and the owner is readable the moment the
 * lock exists. While the file is there, the process waits at the broker,
 * which wakes it once the file is gone and recovers the lock of a holder
 * that died. A released file stays for the rest of the turn (see `letGo()`).
 */
import fs from 'node:fs';
import type {Port} from '../ipc/port.ts';
import {exitHooks, port, requestHooks} from '../ipc/port.ts';
import type {Handle} from '../ipc/protocol.ts';
import {Primitive} from './primitive.ts';
import type {WaitOptions} from './timeout.ts';
import {orFalse} from './timeout.ts';

/** The kinds of primitive held as a lock file. */
export type LockKind = 'lock' | 'rlock';

/**
 * How a Condition works a lock it waits with: `handOver` gives the lock up
 * (at any depth) for the broker to free once the waiter is in line, and
 * returns the depth and the owner record's identity; `takeBack` acquires it
 * again at that depth.
 */
export const handOver = Symbol('handOver');
export const takeBack = Symbol('takeBack');

/** A lock a Condition can wait with: Lock or RLock. */
export interface ConditionLock {
	readonly handle: Handle;
	readonly name: string;
	/** Whether this process holds the lock. */
	readonly held: boolean;
	acquire(options?: {timeout?: number}): Promise<boolean>;
	release(): Promise<void>;
	withLock<T>(fn: () => T | Promise<T>): Promise<T>;
	[handOver](): {depth: number; record: string};
	[takeBack](depth: number, condition: string, notified: boolean): Promise<void>;
}

/** Lock and RLock as primitives: their lock file, and `withLock` over their own acquire and release. */
export abstract class LockPrimitive extends Primitive implements ConditionLock {
	readonly #file: LockFile;

	protected constructor(kind: LockKind, name: string | undefined, handle?: Handle) {
		super(kind, name, {}, handle);
		this.#file = new LockFile(this.handle);
	}

	/** The lock file as this process sees it. */
	protected get file(): LockFile {
		return this.#file;
	}

	abstract get held(): boolean;
	abstract acquire(options?: WaitOptions): Promise<boolean>;
	abstract release(): Promise<void>;
	abstract [handOver](): {depth: number; record: string};
	abstract [takeBack](depth: number, condition: string, notified: boolean): Promise<void>;

	/** Run `fn` holding the lock and release it even if `fn` throws (Python's `with lock:`, `with rlock:`). */
	async withLock<T>(fn: () => T | Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await fn();
		} finally {
			await this.release();
		}
	}
}

/** One lock file as one process sees it: whether it holds it, and whether it keeps it after a release. */
export class LockFile {
	readonly #kind: LockKind;
	readonly #id: string;
	readonly #path: string;
	#held = false;
	/** Released, but the file kept for this turn of the event loop: the next take() has it again without link/unlink. */
	#kept = false;
	/** The port of the run the kept file belongs to (the give-back must not start a new run). */
	#keptBy: Port | undefined;
	/** The owner record linked at the lock path while this process has it. */
	#record: string | undefined;
	/** The record's `dev:ino`, once asked for, and which record it is of. */
	#identity: {of: string; id: string} | undefined;

	constructor(handle: Handle) {
		this.#kind = handle.__sync as LockKind;
		this.#id = handle.id;
		this.#path = handle.path!;
	}

	get held(): boolean {
		return this.#held;
	}

	/**
	 * Take the lock by linking the owner record `record()` names; true once
	 * held, false if `timeout` ms passed first. `condition` names the
	 * condition whose wait() takes it back (for hang reports); `woken`: the
	 * broker told this process the lock is free (a notified wait()), so should
	 * another take it first, this one keeps its place at the head of the line.
	 */
	async take(record: () => string, timeout: number | undefined, condition?: string, woken = false): Promise<boolean> {
		const deadline = timeout === undefined ? undefined : Date.now() + timeout;
		const to = port();
		if (this.#kept) {
			this.#kept = false;
			this.#held = true;
			to.post({op: `${this.#kind}.acquired`, target: this.#id});
			return true;
		}
		const owner = record();
		let retry = woken;
		for (;;) {
			try {
				fs.linkSync(owner, this.#path);
				this.#held = true;
				this.#record = owner;
				to.post({op: `${this.#kind}.acquired`, target: this.#id});
				return true;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			}
			// Held elsewhere: whatever this process keeps goes back first, so that a loop trying
			// this lock over and over (without ever letting its turn end) cannot hold another one.
			giveAllBack();
			const left = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
			// After a wake-up the broker waits to hear from this process before it wakes
			// anyone else: even out of time, tell it (a wait with timeout 0) rather than leave.
			if (left === 0 && !retry) return false;
			// The broker looks at the lock file's owner and recovers the lock if it died.
			const wait = {
				op: `${this.#kind}.wait`,
				target: this.#id,
				retry,
				...(condition === undefined ? {} : {condition}),
				...(left === undefined ? {} : {timeout: left}),
			} as const;
			if (!(await orFalse(to.request(wait)))) return false;
			retry = true;
		}
	}

	/**
	 * Release. A loop that takes the lock again at once (in this turn of its
	 * event loop) would win the race for it anyway: the file stays until the
	 * turn ends, or until this process asks the broker anything or finds
	 * another lock taken.
	 */
	letGo(): void {
		this.#held = false;
		this.#kept = true;
		this.#keptBy = port();
		keep(this);
		this.#keptBy.post({op: `${this.#kind}.released`, target: this.#id});
	}

	/**
	 * Give the lock up without touching the file: the broker frees it (a
	 * condition's wait, see `handOver`). Returns the owner record's `dev:ino`,
	 * so that the broker removes the file only while it is that record.
	 */
	handOver(): string {
		this.#held = false;
		const record = this.#record!;
		if (this.#identity?.of !== record) {
			const {dev, ino} = fs.statSync(record, {bigint: true});
			this.#identity = {of: record, id: `${dev}:${ino}`};
		}
		return this.#identity.id;
	}

	/** Remove a kept lock file: the lock is free; the broker wakes the first waiter. */
	giveBack(): void {
		if (!this.#kept) return;
		const by = this.#keptBy!;
		this.#kept = false;
		this.#keptBy = undefined;
		try {
			// Only our own record goes: whatever replaced it meanwhile is not ours to remove.
			if (this.#record && sameFile(this.#path, this.#record)) fs.unlinkSync(this.#path);
			// Refused only once this process is on its way out: its exit then wakes the next waiter.
			by.post({op: `${this.#kind}.freed`, target: this.#id});
		} catch {
			// The run has ended under us (its folder gone, its channel closed): nothing is left to free.
		}
	}
}

/**
 * Open a new owner record at `file` holding `text` (file descriptor open for
 * writing). Records are named by pid: one left by a dead process whose pid
 * this one now has may still be linked as the lock it held. It is unlinked,
 * never written: truncated in place, that lock would read as held by this
 * process and never be recovered. The record is made with O_EXCL.
 */
export function newRecord(file: string, text: string, mode?: number): number {
	fs.rmSync(file, {force: true});
	const fd = fs.openSync(file, 'wx', mode);
	fs.writeSync(fd, text);
	return fd;
}

/** Whether `a` and `b` are the same file (hard links to one inode). */
function sameFile(a: string, b: string): boolean {
	const at = fs.lstatSync(a, {throwIfNoEntry: false});
	const own = fs.lstatSync(b, {throwIfNoEntry: false});
	return at !== undefined && own !== undefined && at.ino === own.ino && at.dev === own.dev;
}

/** Lock files this process keeps after release (see `letGo()`). */
const kept = new Set<LockFile>();
let turnEndScheduled = false;
function keep(file: LockFile): void {
	kept.add(file);
	if (turnEndScheduled) return;
	turnEndScheduled = true;
	setImmediate(giveAllBack);
}
function giveAllBack(): void {
	turnEndScheduled = false;
	for (const file of kept) file.giveBack();
	kept.clear();
}
requestHooks.add(giveAllBack);
exitHooks.add(giveAllBack);
