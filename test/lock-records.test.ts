/**
 * Owner records are named by pid: one left by a dead holder whose pid this
 * process now has may still be linked as the lock it held. Making this
 * process's own record must not write into it (the lock would then read as
 * held by this process, alive, and never be recovered).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {Lock, Process, Queue, RLock} from '../src/index.ts';
import {formatOwner, readOwnerFile, startTimeOf} from '../src/ipc/owner.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';

/** A record as a dead process with this process's pid (another start time) left it, linked as `lockPath`. */
function ghostHolding(record: string, lockPath: string, depth?: number): void {
	const start = startTimeOf(process.pid) === '1' ? '2' : '1';
	fs.writeFileSync(record, formatOwner({pid: process.pid, start, name: 'ghost', ...(depth === undefined ? {} : {depth})}));
	fs.linkSync(record, lockPath);
}

function holderName(lockPath: string): string | undefined {
	const file = readOwnerFile(lockPath);
	return file.kind === 'owner' ? file.owner.name : undefined;
}

describe('owner records left by a dead process with this pid', () => {
	useRun();

	test("a Lock's record is made anew: the lock the ghost's record holds still names the ghost; this process's lock works as ever", async () => {
		const dir = Run.current().port.dir;
		const held = new Lock({name: 'held-by-ghost'});
		ghostHolding(path.join(dir, `owner.${process.pid}`), held.handle.path!);
		const mine = new Lock({name: 'mine'});
		assert.equal(await mine.acquire({timeout: 0}), true);
		try {
			assert.equal(holderName(held.handle.path!), 'ghost');
			assert.equal(holderName(mine.handle.path!), Run.current().port.name);
		} finally {
			await mine.release();
			fs.rmSync(held.handle.path!, {force: true});
		}
		const results = new Queue<{got: boolean}>({name: 'results'});
		const child = new Process({module: fixtures.lock, target: 'acquireAndReport', args: [mine, results], name: 'taker'});
		await child.start();
		assert.equal((await results.get({timeout: 20_000})).got, true, 'released, the lock is free for another process');
		assert.equal(await child.join(), 0);
	});

	test("an RLock's record is made anew: the ghost's record, linked as that very lock, still names the ghost", async () => {
		const dir = Run.current().port.dir;
		const rlock = new RLock({name: 'rheld-by-ghost'});
		ghostHolding(path.join(dir, `${path.basename(rlock.handle.path!)}.${process.pid}`), rlock.handle.path!, 1);
		try {
			assert.equal(await rlock.acquire({timeout: 0}), false);
			assert.equal(holderName(rlock.handle.path!), 'ghost');
		} finally {
			fs.rmSync(rlock.handle.path!, {force: true});
		}
	});
});
