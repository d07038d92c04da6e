import fs from 'node:fs';
import path from 'node:path';
import {ValueError} from '../errors.ts';
import {formatOwner, readOwnerFile, startTimeOf} from '../ipc/owner.ts';
import type {Port} from '../ipc/port.ts';
import {cleanupHooks, exitHooks, requestHooks} from '../ipc/port.ts';
import type {Handle, LockInfo} from '../ipc/protocol.ts';
import {Primitive} from './primitive.ts';
import type {WaitOptions} from './timeout.ts';
import {checkTimeout, orFalse} from './timeout.ts';

/** This process's owner record, written once; acquiring a lock hard-links it as the lock file. */
let ownerFile: string | undefined;
function ownerFileIn(dir: string, name: string): string {
	if (ownerFile && path.dirname(ownerFile) === dir) return ownerFile;
	const file = path.join(dir, `owner.${process.pid}`);
	fs.writeFileSync(file, formatOwner({pid: process.pid, start: startTimeOf(process.pid) ?? '-', name}));
	ownerFile = file;
	return file;
}

/** Remove this process's owner record on the way out. */
cleanupHooks.add(() => {
	if (!ownerFile) return;
	try {
		fs.unlinkSync(ownerFile);
	} catch {}
	ownerFile = undefined;
});

/**
 * A mutual-exclusion lock across processes, held as a real file. Acquiring
 * hard-links this process's owner record (pid, start time, name) to the
 * lock path: `link()` is atomic and fails if the file exists, like O_EXCL,
 * and the owner is readable the moment the lock exists. Waiters queue at
 * the broker, which wakes one on release and recovers the lock of a holder
 * that died. Not reentrant, as in Python.
 */
export class Lock extends Primitive {
	#held = false;
	/** Released, but its file kept for this turn of the event loop: the next acquire() takes it again without link/unlink. */
	#kept = false;
	/** The port of the run the kept file belongs to (the give-back must not start a new run). */
	#keptBy: Port | undefined;

	constructor(options: {name?: string} = {}, handle?: Handle) {
		super('lock', options.name, {}, handle);
	}

	static fromHandle(handle: Handle): Lock {
		return new Lock({}, handle);
	}

	get #path(): string {
		return this.handle.path!;
	}

	/** Wait for the lock; true once held, false if `timeout` ms passed first. */
	async acquire(options?: WaitOptions): Promise<boolean> {
		const timeout = checkTimeout(options);
		const deadline = timeout === undefined ? undefined : Date.now() + timeout;
		const port = this.port;
		if (this.#kept) {
			this.#kept = false;
			this.#held = true;
			port.post({op: 'lock.acquired', target: this.handle.id});
			return true;
		}
		const owner = ownerFileIn(port.dir, port.name);
		let retry = false;
		for (;;) {
			try {
				fs.linkSync(owner, this.#path);
				this.#held = true;
				port.post({op: 'lock.acquired', target: this.handle.id});
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
			if (!(await orFalse(port.request({op: 'lock.wait', target: this.handle.id, retry, ...(left === undefined ? {} : {timeout: left})})))) return false;
			retry = true;
		}
	}

	/** Release the lock; releasing a lock this process does not hold is an error. */
	async release(): Promise<void> {
		if (!this.#held) throw new ValueError(`release of lock ${this.name}, which this process does not hold`);
		this.#held = false;
		// A loop that takes the lock again at once (in this turn of its event loop) would win the race
		// for it anyway: keep the file until the turn ends, or until this process asks the broker
		// anything or finds another lock taken.
		this.#kept = true;
		this.#keptBy = this.port;
		keep(this);
		this.port.post({op: 'lock.released', target: this.handle.id});
	}

	/** Remove a kept lock file: the lock is free; the broker wakes the first waiter. */
	giveBack(): void {
		if (!this.#kept) return;
		const port = this.#keptBy!;
		this.#kept = false;
		this.#keptBy = undefined;
		try {
			// Only our own record goes: whatever replaced it meanwhile is not ours to remove.
			if (ownRecordAt(this.#path)) fs.unlinkSync(this.#path);
			// Refused only once this process is on its way out: its exit then wakes the next waiter.
			port.post({op: 'lock.freed', target: this.handle.id});
		} catch {
			// The run has ended under us (its folder gone, its channel closed): nothing is left to free.
		}
	}

	/** Run `fn` holding the lock and release it even if `fn` throws (Python's `with lock:`). */
	async withLock<T>(fn: () => T | Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await fn();
		} finally {
			await this.release();
		}
	}

	/** Who holds the lock (as its file records it) and how many wait, as the broker sees them now. */
	async info(): Promise<LockInfo> {
		return (await this.port.request({op: 'lock.info', target: this.handle.id})).info;
	}

	/** Whether this process holds the lock. */
	get held(): boolean {
		return this.#held;
	}

	protected describe(): string {
		const file = readOwnerFile(this.#path);
		if (file.kind === 'unknown') return `owner=unknown (${file.reason})`;
		return `owner=${file.kind === 'owner' ? `${file.owner.name}[${file.owner.pid}]` : 'None'}`;
	}
}

/** Whether the file at `file` is this process's owner record (a hard link to it). */
function ownRecordAt(file: string): boolean {
	if (!ownerFile) return false;
	const at = fs.lstatSync(file, {throwIfNoEntry: false});
	const own = fs.lstatSync(ownerFile, {throwIfNoEntry: false});
	return at !== undefined && own !== undefined && at.ino === own.ino && at.dev === own.dev;
}

/** Locks whose files this process keeps after release (see `release()`). */
const kept = new Set<Lock>();
let turnEndScheduled = false;
function keep(lock: Lock): void {
	kept.add(lock);
	if (turnEndScheduled) return;
	turnEndScheduled = true;
	setImmediate(giveAllBack);
}
function giveAllBack(): void {
	turnEndScheduled = false;
	for (const lock of kept) lock.giveBack();
	kept.clear();
}
requestHooks.add(giveAllBack);
exitHooks.add(giveAllBack);
