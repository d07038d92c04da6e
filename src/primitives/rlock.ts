import fs from 'node:fs';
import path from 'node:path';
import {ValueError} from '../errors.ts';
import {depthOffset, formatDepth, formatOwner, readOwnerFile, startTimeOf} from '../ipc/owner.ts';
import {cleanupHooks} from '../ipc/port.ts';
import type {Handle, RLockInfo} from '../ipc/protocol.ts';
import {handOver, LockPrimitive, newRecord, takeBack} from './lock-file.ts';
import {sameObject} from './primitive.ts';
import type {WaitOptions} from './timeout.ts';
import {checkTimeout} from './timeout.ts';

/**
 * This process's owner record for one RLock: pid, start time, name and the
 * depth, which a reentry rewrites in place. Linked at the lock path, it is
 * the lock file, so the file always tells who holds the lock and how deep.
 */
interface DepthRecord {
	readonly file: string;
	readonly fd: number;
	/** Where the depth field starts. */
	readonly at: number;
	/** The depth the record says now. */
	written: number;
}

/** Records this process made, closed and removed on the way out. */
const records = new Set<DepthRecord>();
cleanupHooks.add(() => {
	for (const record of records) {
		try {
			fs.closeSync(record.fd);
			fs.unlinkSync(record.file);
		} catch {}
	}
	records.clear();
});

/**
 * A reentrant lock across processes (Python's `multiprocessing.RLock`): the
 * process that holds it may acquire it again, and must release it as often
 * as it acquired it. Like Lock it is a real file — this process's owner
 * record, with the depth, hard-linked to the lock path — and the broker
 * recovers it from a holder that died. Releasing it when this process does
 * not hold it is a ValueError.
 */
export class RLock extends LockPrimitive {
	/** How often this process acquired the lock and has not released it. */
	#depth = 0;
	#record: DepthRecord | undefined;

	constructor(options: {name?: string} = {}, handle?: Handle) {
		super('rlock', options.name, handle);
	}

	static fromHandle(handle: Handle): RLock {
		return sameObject(handle, () => new RLock({}, handle));
	}

	/** Wait for the lock (at once if this process holds it already); true once held, false if `timeout` ms passed first. */
	async acquire(options?: WaitOptions): Promise<boolean> {
		const timeout = checkTimeout(options);
		if (this.#depth > 0) {
			this.#setDepth(this.#depth + 1);
			return true;
		}
		if (!(await this.file.take(this.#recordFile, timeout))) return false;
		this.#setDepth(1);
		return true;
	}

	/** Release once; the lock is free when this process has released it as often as it acquired it. */
	async release(): Promise<void> {
		if (this.#depth === 0) throw new ValueError(`release of rlock ${this.name}, which this process does not hold`);
		if (this.#depth > 1) return this.#setDepth(this.#depth - 1);
		// The record keeps saying 1: a re-take in this turn needs no write.
		this.#depth = 0;
		this.file.letGo();
	}

	/** Who holds the lock and how deep (as its file records them), and how many wait, as the broker sees them now. */
	async info(): Promise<RLockInfo> {
		return (await this.port.request({op: 'rlock.info', target: this.handle.id})).info;
	}

	/** Whether this process holds the lock. */
	get held(): boolean {
		return this.#depth > 0;
	}

	/** How often this process acquired the lock and has not released it (0: it does not hold it). */
	get depth(): number {
		return this.#depth;
	}

	/** A condition's wait() gives the lock up at any depth; the broker frees it once the waiter is in line. */
	[handOver](): {depth: number; record: string} {
		const depth = this.#depth;
		this.#depth = 0;
		return {depth, record: this.file.handOver()};
	}

	/** A condition's wait() takes the lock back at the depth it had (the record still says it). */
	async [takeBack](depth: number, condition: string, notified: boolean): Promise<void> {
		await this.file.take(this.#recordFile, undefined, condition, notified);
		this.#setDepth(depth);
	}

	#setDepth(depth: number): void {
		this.#depth = depth;
		const record = this.#record!;
		if (record.written === depth) return;
		fs.writeSync(record.fd, formatDepth(depth), record.at);
		record.written = depth;
	}

	/** This process's record for this lock, made on first use. */
	readonly #recordFile = (): string => {
		if (this.#record) return this.#record.file;
		const port = this.port;
		const text = formatOwner({pid: process.pid, start: startTimeOf(process.pid) ?? '-', name: port.name, depth: 1});
		const file = path.join(port.dir, `${path.basename(this.handle.path!)}.${process.pid}`);
		const fd = newRecord(file, text, 0o600);
		this.#record = {file, fd, at: depthOffset(Buffer.byteLength(text)), written: 1};
		records.add(this.#record);
		return file;
	};

	protected describe(): string {
		if (this.#depth > 0) return `${this.port.name}, ${this.#depth}`;
		const file = readOwnerFile(this.handle.path!);
		if (file.kind === 'unknown') return `unknown (${file.reason}), nonzero`;
		return file.kind === 'owner' ? `${file.owner.name}[${file.owner.pid}], ${file.owner.depth ?? 'nonzero'}` : 'None, 0';
	}
}
