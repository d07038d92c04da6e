import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {Event, Lock, Process, Queue, ValueError} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {startLockHolder} from './support/holders.ts';
import {ownerPid} from './support/run-folders.ts';
import {useRun} from './support/use-run.ts';
import {take, tracked, until} from './support/wait.ts';

const N = 4;
const K = 500;
/**
 * Cycles per process in the race without the lock. With 500, the four
 * children sometimes do not overlap at all on a 2-CPU machine (about one run
 * in three lost no update), so the unlocked race runs longer to make the
 * overlap, and the lost updates, certain in practice.
 */
const K_RACE = 5000;

function counterFile(name: string): string {
	const file = path.join(Run.current().dir, name);
	fs.writeFileSync(file, '0'.padStart(20, '0'));
	return file;
}

const readCounter = (file: string): number => Number(fs.readFileSync(file, 'utf8'));

/** N processes run `incrementAfter` together (released by one Event) and are joined. */
async function race(file: string, lock: Lock | null, times: number): Promise<Process[]> {
	const gate = new Event();
	const processes = Array.from(
		{length: N},
		(_, i) => new Process({module: fixtures.counter, target: 'incrementAfter', args: [gate, file, times, lock], name: `inc-${i}`}),
	);
	for (const p of processes) await p.start();
	await gate.set();
	for (const p of processes) assert.equal(await p.join(), 0, `${p.name} exit code`);
	return processes;
}

describe('Lock', () => {
	const run = useRun();

	test(`${N} processes × ${K} read-increment-write cycles under the lock end exact`, async () => {
		const file = counterFile('locked');
		const lock = new Lock();
		await race(file, lock, K);
		assert.equal(readCounter(file), N * K);
		assert.equal(fs.existsSync(lock.handle.path!), false, 'lock file gone after the last release');
		const id = lock.name;
		assert.equal(run.sync({kind: 'lock', target: id, op: 'acquired'}).length, N * K, 'one acquired event per cycle');
		assert.equal(run.sync({kind: 'lock', target: id, op: 'release'}).length, N * K, 'one release event per cycle');
	});

	test(`without the lock, updates are lost (${N} × ${K_RACE} cycles)`, async () => {
		const file = counterFile('unlocked');
		await race(file, null, K_RACE);
		const value = readCounter(file);
		assert.ok(value < N * K_RACE, `expected lost updates, counter is ${value} of ${N * K_RACE}`);
		assert.ok(value > 0, `counter moved, it is ${value}`);
	});

	test('releasing a lock not held throws ValueError', async () => {
		const lock = new Lock();
		await assert.rejects(lock.release(), (error: unknown) => error instanceof ValueError && error.code === 'VALUE');

		// Held by a child: releasing it from main is still an error, and leaves the lock held.
		const holder = await startLockHolder(lock, 'holder');
		await assert.rejects(lock.release(), (error: unknown) => error instanceof ValueError && error.code === 'VALUE');
		assert.ok(fs.existsSync(lock.handle.path!), 'lock file still there');
		assert.equal(ownerPid(lock.handle.path!), holder.pid, 'lock file names the holder');
		holder.kill('SIGKILL');
		await holder.join();

		// In a child too.
		const other = new Lock();
		const results = new Queue();
		const child = new Process({module: fixtures.lock, target: 'releaseUnheld', args: [other, results]});
		await child.start();
		assert.deepEqual(await results.get({timeout: 20_000}), {thrown: true, name: 'ValueError', code: 'VALUE'});
		assert.equal(await child.join(), 0);
	});

	test('acquire({timeout}) returns false when the lock is held elsewhere', async () => {
		const lock = new Lock();
		const results = new Queue();

		// Held by main: a child's timed acquire gives up.
		assert.equal(await lock.acquire(), true);
		const child = new Process({module: fixtures.lock, target: 'acquireAndReport', args: [lock, results, 50]});
		await child.start();
		assert.deepEqual(await results.get({timeout: 20_000}), {pid: child.pid, got: false});
		assert.equal(await child.join(), 0);
		assert.equal(lock.held, true);
		await lock.release();

		// Held by a child: main's timed acquire gives up, also with timeout 0.
		const holder = await startLockHolder(lock, 'holder');
		assert.equal(await lock.acquire({timeout: 0}), false);
		assert.equal(await lock.acquire({timeout: 50}), false);
		assert.equal(lock.held, false);
		assert.equal((await lock.info()).waiting, 0, 'no waiter left parked');
		holder.kill('SIGKILL');
		await holder.join();
		assert.equal(await lock.acquire({timeout: 20_000}), true, 'free again once the holder died');
		await lock.release();
	});

	test('a holder killed with SIGKILL: main, already waiting, gets the lock and a recovered event', async () => {
		const lock = new Lock();
		const holder = await startLockHolder(lock, 'doomed');
		const pid = holder.pid!;

		const acquired = tracked(lock.acquire());
		await until(() => run.sync({kind: 'lock', target: lock.name, op: 'acquire', pid: process.pid}).length > 0, 'main to queue for the lock');
		assert.equal(acquired.settled, false, 'main waits while the holder lives');
		holder.kill('SIGKILL');
		assert.equal(await acquired.promise, true);
		assert.equal(lock.held, true);
		assert.equal(await holder.join(), -9, 'the holder died of SIGKILL');

		const recovered = run.sync({kind: 'lock', target: lock.name, op: 'recovered'});
		assert.equal(recovered.length, 1, 'exactly one recovery');
		assert.equal(recovered[0]!.deadPid, pid);
		assert.equal(ownerPid(lock.handle.path!), process.pid, 'lock file now names main');
		await lock.release();
		// A released lock's file goes at the end of the turn (a loop taking it again at once keeps it).
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(fs.existsSync(lock.handle.path!), false);
	});

	test('a holder killed with SIGKILL: main, coming after the death, finds the lock recovered', async () => {
		const lock = new Lock();
		const holder = await startLockHolder(lock, 'doomed');
		const pid = holder.pid!;
		holder.kill('SIGKILL');
		assert.equal(await holder.join(), -9);
		assert.equal(await lock.acquire({timeout: 20_000}), true);
		const recovered = run.sync({kind: 'lock', target: lock.name, op: 'recovered'});
		assert.equal(recovered.length, 1);
		assert.equal(recovered[0]!.deadPid, pid);
		await lock.release();
	});

	test('a holder killed with SIGKILL: another child waiting gets the lock', async () => {
		const lock = new Lock();
		const results = new Queue();
		const holder = await startLockHolder(lock, 'doomed');
		const pid = holder.pid!;

		const waiter = new Process({module: fixtures.lock, target: 'acquireAndReport', args: [lock, results], name: 'next'});
		await waiter.start();
		await until(() => run.sync({kind: 'lock', target: lock.name, op: 'acquire', proc: 'next'}).length > 0, 'the second child to queue for the lock');
		assert.equal(await results.qsize(), 0, 'the waiter does not have the lock yet');
		holder.kill('SIGKILL');
		const [report] = await take<{pid: number; got: boolean}>(results, 1);
		assert.deepEqual(report, {pid: waiter.pid, got: true});
		assert.equal(await waiter.join(), 0);
		assert.equal(await holder.join(), -9);

		const recovered = run.sync({kind: 'lock', target: lock.name, op: 'recovered'});
		assert.equal(recovered.length, 1);
		assert.equal(recovered[0]!.deadPid, pid);
		assert.equal(await lock.acquire({timeout: 0}), true, 'free after the waiter released it');
		await lock.release();
	});

	test('a waiter woken after its deadline, finding the lock taken again, does not stall the line', async () => {
		const lock = new Lock();
		const results = new Queue();
		const done = new Event();
		const flag = path.join(Run.current().dir, 'retaken');
		assert.equal(await lock.acquire(), true);

		const late = new Process({module: fixtures.lock, target: 'acquireLate', args: [lock, 500, flag, results, done], name: 'late'});
		await late.start();
		await until(() => run.sync({kind: 'lock', target: lock.name, op: 'acquire', proc: 'late'}).length > 0, 'the late child to queue');
		// Release (the broker wakes the late child) and take the lock again before it can look.
		await lock.release();
		assert.equal(await lock.acquire({timeout: 0}), true);
		fs.writeFileSync(flag, '');
		assert.equal(await results.get({timeout: 20_000}), false, 'the late child timed out');

		// The late child is alive and no longer waiting; the next waiter must get the lock on release.
		const next = new Process({module: fixtures.lock, target: 'acquireAndReport', args: [lock, results], name: 'next'});
		await next.start();
		await until(() => run.sync({kind: 'lock', target: lock.name, op: 'acquire', proc: 'next'}).length > 0, 'the next child to queue');
		await lock.release();
		assert.deepEqual(await results.get({timeout: 10_000}), {pid: next.pid, got: true}, 'the next waiter got the lock');
		await done.set();
		assert.equal(await next.join(), 0);
		assert.equal(await late.join(), 0);
	});

	test('a released lock kept for the rest of the turn is taken again without a syscall, and only our own file goes at its end', async t => {
		const lock = new Lock();
		const file = lock.handle.path!;
		const link = t.mock.method(fs, 'linkSync');
		const unlink = t.mock.method(fs, 'unlinkSync');
		assert.equal(await lock.acquire(), true);
		await lock.release();
		assert.equal(lock.held, false);
		assert.equal(await lock.acquire({timeout: 0}), true, 'taken again in the same turn');
		assert.equal(link.mock.callCount(), 1, 'one link: the re-take needed none');
		assert.equal(unlink.mock.callCount(), 0, 'no unlink in between');
		t.mock.restoreAll();
		await lock.release();
		// Something else takes the path before the turn ends: it is not ours to remove.
		fs.unlinkSync(file);
		fs.writeFileSync(file, 'not an owner record\n');
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(fs.readFileSync(file, 'utf8'), 'not an owner record\n', 'the foreign file stays');
		fs.unlinkSync(file);
		assert.equal(await lock.acquire({timeout: 20_000}), true);
		await lock.release();
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(fs.existsSync(file), false, 'our own file went at the end of the turn');
	});

	test('a process spinning on another lock with timeout 0 gives back the one it keeps: no deadlock', async () => {
		const a = new Lock({name: 'a'});
		const b = new Lock({name: 'b'});
		const aHeld = new Event();
		const bTaken = new Event();
		const go = new Event();
		const results = new Queue();
		const spinner = new Process({module: fixtures.lock, target: 'releaseThenSpin', args: [a, b, aHeld, go, results], name: 'spinner'});
		const holder = new Process({module: fixtures.lock, target: 'holdBWantA', args: [a, b, bTaken, results], name: 'holder'});
		try {
			await spinner.start();
			assert.equal(await aHeld.wait({timeout: 20_000}), true);
			await holder.start();
			assert.equal(await bTaken.wait({timeout: 20_000}), true);
			// The holder waits for `a` at the broker; then the spinner releases `a` and spins on `b`, which the holder has.
			const bound = Date.now() + 20_000; // a safety net, not a timing assertion
			while ((await a.info()).waiting === 0) {
				if (Date.now() > bound) assert.fail('the holder never queued for a');
				await new Promise(resolve => setTimeout(resolve, 10));
			}
			await go.set();
			const got = [await results.get({timeout: 20_000}), await results.get({timeout: 20_000})];
			assert.deepEqual(got, [{holder: 'got a'}, {spinner: 'got b', tried: true}]);
			assert.equal(await holder.join(), 0);
			assert.equal(await spinner.join(), 0);
		} finally {
			holder.kill('SIGKILL');
			spinner.kill('SIGKILL');
		}
	});
});
