import fs from 'node:fs';
import path from 'node:path';
import {ValueError} from '../errors.ts';
import {formatOwner, readOwnerFile, startTimeOf} from '../ipc/owner.ts';
import {cleanupHooks} from '../ipc/port.ts';
import type {Handle, LockInfo} from '../ipc/protocol.ts';
import {handOver, LockPrimitive, newRecord, takeBack} from './lock-file.ts';
import {sameObject} from './primitive.ts';
import type {WaitOptions} from './timeout.ts';
import {checkTimeout} from './timeout.ts';

/** This process's owner record, written once; acquiring a lock hard-links it as the lock file. */
let ownerFile: string | undefined;
function ownerFileIn(dir: string, name: string): string {
	if (ownerFile && path.dirname(ownerFile) === dir) return ownerFile;
	const file = path.join(dir, `owner.${process.pid}`);
	fs.closeSync(newRecord(file, formatOwner({pid: process.pid, start: startTimeOf(process.pid) ?? '-', name})));
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
export class Lock extends LockPrimitive {
	constructor(options: {name?: string} = {}, handle?: Handle) {
		super('lock', options.name, handle);
	}

	static fromHandle(handle: Handle): Lock {
		return sameObject(handle, () => new Lock({}, handle));
	}

	/** Wait for the lock; true once held, false if `timeout` ms passed first. */
	async acquire(options?: WaitOptions): Promise<boolean> {
		return this.file.take(this.#record, checkTimeout(options));
	}

	readonly #record = (): string => ownerFileIn(this.port.dir, this.port.name);

	/** Release the lock; releasing a lock this process does not hold is an error. */
	async release(): Promise<void> {
		if (!this.file.held) throw new ValueError(`release of lock ${this.name}, which this process does not hold`);
		this.file.letGo();
	}

	/** Who holds the lock (as its file records it) and how many wait, as the broker sees them now. */
	async info(): Promise<LockInfo> {
		return (await this.port.request({op: 'lock.info', target: this.handle.id})).info;
	}

	/** Whether this process holds the lock. */
	get held(): boolean {
		return this.file.held;
	}

	/** A condition's wait() gives the lock up; the broker frees it once the waiter is in line. */
	[handOver](): {depth: number; record: string} {
		return {depth: 1, record: this.file.handOver()};
	}

	/** A condition's wait() takes the lock back before it returns. */
	async [takeBack](_depth: number, condition: string, notified: boolean): Promise<void> {
		await this.file.take(this.#record, undefined, condition, notified);
	}

	protected describe(): string {
		const file = readOwnerFile(this.handle.path!);
		if (file.kind === 'unknown') return `owner=unknown (${file.reason})`;
		return `owner=${file.kind === 'owner' ? `${file.owner.name}[${file.owner.pid}]` : 'None'}`;
	}
}
