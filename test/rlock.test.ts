/**
 * RLock across real processes: reentry counted per process and written in
 * the lock file, release by a non-owner or once too often a ValueError,
 * mutual exclusion across processes, timed acquire, and a dead holder's lock
 * recovered like a Lock's. (CPython's _TestLock RLock cases, told again.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import util from 'node:util';
import {Event, Process, Queue, RLock, ValueError} from '../src/index.ts';
import {parseOwner} from '../src/ipc/owner.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {startRLockHolder} from './support/holders.ts';
import {useRun} from './support/use-run.ts';
import {tracked, until} from './support/wait.ts';

const isValueError = (error: unknown): boolean => error instanceof ValueError && error.code === 'VALUE';

/** The owner record at the lock path: who holds the rlock and how deep, as the file says. */
function recordAt(rlock: RLock): {pid: number; name: string; depth: number | undefined} | null {
	const owner = parseOwner(fs.readFileSync(rlock.handle.path!, 'utf8'));
	return owner && {pid: owner.pid, name: owner.name, depth: owner.depth};
}

describe('RLock', () => {
	const run = useRun();

	test('acquire is reentrant, release counts down, and one release too many is a ValueError', async () => {
		const rlock = new RLock({name: 'r'});
		assert.equal(util.inspect(rlock), '<RLock(None, 0)>');
		for (let depth = 1; depth <= 3; depth++) {
			assert.equal(await rlock.acquire(), true);
			assert.equal(rlock.depth, depth);
		}
		assert.equal(rlock.held, true);
		assert.equal(util.inspect(rlock), '<RLock(main, 3)>');
		assert.deepEqual(recordAt(rlock), {pid: process.pid, name: 'main', depth: 3}, 'the lock file records the depth');
		assert.deepEqual((await rlock.info()).holder, {name: 'main', pid: process.pid, depth: 3});
		await rlock.release();
		assert.deepEqual(recordAt(rlock), {pid: process.pid, name: 'main', depth: 2});
		await rlock.release();
		assert.equal(rlock.held, true, 'still held at depth 1');
		await rlock.release();
		assert.equal(rlock.held, false);
		assert.equal(rlock.depth, 0);
		await assert.rejects(rlock.release(), isValueError);
		assert.deepEqual((await rlock.info()).holder, null, 'free once released as often as acquired');
		assert.equal(fs.existsSync(rlock.handle.path!), false);
		assert.equal(await rlock.withLock(async () => rlock.depth), 1, 'withLock holds it once');
		assert.equal(rlock.held, false);
	});

	test('a child holding it at depth 3: the file and info() name it and its depth; a release from main is a ValueError and leaves it held', async () => {
		const rlock = new RLock({name: 'deep'});
		const holder = await startRLockHolder(rlock, 'holder', 3);
		const pid = holder.pid!;
		assert.deepEqual(recordAt(rlock), {pid, name: 'holder', depth: 3});
		assert.deepEqual((await rlock.info()).holder, {name: 'holder', pid, depth: 3});
		assert.equal(util.inspect(rlock), `<RLock(holder[${pid}], 3)>`);
		await assert.rejects(rlock.release(), isValueError);
		assert.equal(await rlock.acquire({timeout: 0}), false);
		assert.equal(await rlock.acquire({timeout: 50}), false);
		assert.equal((await rlock.info()).waiting, 0, 'no waiter left parked');
		assert.deepEqual(recordAt(rlock), {pid, name: 'holder', depth: 3}, 'still the holder’s');

		// Main waits; the holder dies at depth 3: the lock is recovered for main, and reported once.
		const acquired = tracked(rlock.acquire());
		await until(() => run.sync({kind: 'rlock', target: 'deep', op: 'acquire', pid: process.pid}).length > 0, 'main to queue for the rlock');
		assert.equal(acquired.settled, false, 'main waits while the holder lives');
		holder.kill('SIGKILL');
		assert.equal(await acquired.promise, true);
		assert.equal(await holder.join(), -9);
		const recovered = run.sync({kind: 'rlock', target: 'deep', op: 'recovered'});
		assert.deepEqual(
			recovered.map(event => [event.deadPid, event.deadProc]),
			[[pid, 'holder']],
		);
		assert.deepEqual(recordAt(rlock), {pid: process.pid, name: 'main', depth: 1}, 'main holds it at depth 1');
		await rlock.release();
	});

	test('a child that releases once more than it acquired gets a ValueError', async () => {
		const rlock = new RLock();
		const results = new Queue();
		const child = new Process({module: fixtures.rlock, target: 'overReleaseRLock', args: [rlock, 3, results], name: 'over'});
		await child.start();
		assert.deepEqual(await results.get({timeout: 20_000}), {depths: [1, 2, 3, 2, 1, 0], thrown: true, name: 'ValueError', code: 'VALUE'});
		assert.equal(await child.join(), 0);
		assert.equal((await rlock.info()).holder, null);
	});

	test('held by main at depth 2, a child’s timed acquire gives up; free again, another child gets it', async () => {
		const rlock = new RLock({name: 'main-held'});
		const results = new Queue();
		await rlock.acquire();
		await rlock.acquire({timeout: 0});
		assert.equal(rlock.depth, 2, 'a reentry never waits, even with timeout 0');
		const timed = new Process({module: fixtures.rlock, target: 'acquireRLockAndReport', args: [rlock, results, 50], name: 'timed'});
		await timed.start();
		assert.deepEqual(await results.get({timeout: 20_000}), {pid: timed.pid, got: false});
		assert.equal(await timed.join(), 0);
		const next = new Process({module: fixtures.rlock, target: 'acquireRLockAndReport', args: [rlock, results], name: 'next'});
		await next.start();
		await until(() => run.sync({kind: 'rlock', target: 'main-held', op: 'acquire', proc: 'next'}).length > 0, 'the next child to queue');
		await rlock.release();
		assert.equal(await results.qsize(), 0, 'one release of two: still held');
		await rlock.release();
		assert.deepEqual(await results.get({timeout: 20_000}), {pid: next.pid, got: true});
		assert.equal(await next.join(), 0);
	});

	const N = 4;
	const K = 300;
	test(`${N} processes × ${K} cycles, each taking the rlock twice over: the counter is exact`, async () => {
		const file = path.join(Run.current().dir, 'rlock-counter');
		fs.writeFileSync(file, '0'.padStart(20, '0'));
		const rlock = new RLock({name: 'counter'});
		const gate = new Event();
		const processes = Array.from(
			{length: N},
			(_, i) => new Process({module: fixtures.rlock, target: 'nestedIncrement', args: [gate, file, K, rlock, 2], name: `inc-${i}`}),
		);
		for (const p of processes) await p.start();
		await gate.set();
		for (const p of processes) assert.equal(await p.join(), 0, `${p.name} exit code`);
		assert.equal(Number(fs.readFileSync(file, 'utf8')), N * K);
		assert.equal(fs.existsSync(rlock.handle.path!), false, 'the lock file is gone after the last release');
		// The broker hears of the outer acquire and the last release only: a reentry stays in its process.
		assert.equal(run.sync({kind: 'rlock', target: 'counter', op: 'acquired'}).length, N * K);
		assert.equal(run.sync({kind: 'rlock', target: 'counter', op: 'release'}).length, N * K);
		// Every process's own record went with it.
		for (const p of processes) assert.equal(fs.existsSync(`${rlock.handle.path}.${p.pid}`), false);
	});

	test('bad input: a timeout that is no number of milliseconds is a TypeError', async () => {
		const rlock = new RLock();
		await assert.rejects(rlock.acquire({timeout: -1}), TypeError);
		await assert.rejects(rlock.acquire({timeout: Number.NaN}), TypeError);
		assert.equal(rlock.held, false);
	});
});
