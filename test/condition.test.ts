/**
 * Condition across real processes: notify wakes exactly as many as it says,
 * notifyAll every waiter, timed waits give up, waitFor loops on its
 * predicate, wait() gives an RLock up at any depth and has it back at the
 * same depth, and wait/notify without the lock is a ValueError.
 * (CPython's _TestCondition cases, told again.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {toSpans} from '../src/cli/spans.ts';
import {Condition, Lock, Process, Queue, RLock, Semaphore, ValueError} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';
import {take, untilAsync} from './support/wait.ts';

const isValueError = (error: unknown): boolean => error instanceof ValueError && error.code === 'VALUE';
type Report = {pid: number; notified: boolean; held: boolean};

/** Start `n` sleepers on `cond`; resolves holding the condition's lock, with every sleeper in line. */
async function sleepers(cond: Condition, n: number, results: Queue, name: string, timeout?: number): Promise<Process[]> {
	const sleeping = new Semaphore(0);
	const args = timeout === undefined ? [cond, sleeping, results] : [cond, sleeping, results, timeout];
	const processes = Array.from({length: n}, (_, i) => new Process({module: fixtures.condition, target: 'sleeper', args, name: `${name}-${i}`}));
	await Promise.all(processes.map(p => p.start()));
	for (let i = 0; i < n; i++) assert.equal(await sleeping.acquire({timeout: 20_000}), true);
	// Each sleeper hands the lock over only once it is in line: holding it, main knows all are waiting.
	await cond.acquire();
	return processes;
}

async function joinAll(processes: Process[]): Promise<void> {
	for (const p of processes) assert.equal(await p.join(), 0, `${p.name} exit code`);
}

describe('Condition', () => {
	const run = useRun();

	test('notify() wakes one waiter at a time, with a Lock as with an RLock', async () => {
		for (const lock of [new Lock({name: 'plain'}), new RLock({name: 'reentrant'})]) {
			const cond = new Condition(lock, {name: `c-${lock.name}`});
			assert.equal(cond.lock, lock);
			const results = new Queue<Report>();
			const processes = await sleepers(cond, 2, results, `notify-${lock.name}`);
			assert.deepEqual(await cond.info(), {waiting: 2, waking: 0});
			await cond.notify();
			assert.deepEqual(await cond.info(), {waiting: 1, waking: 1}, 'exactly one notified');
			await cond.release();
			const [first] = await take<Report>(results, 1);
			assert.equal(first!.notified, true);
			assert.equal(first!.held, true, 'back from wait() holding the lock');
			await untilAsync(async () => (await cond.info()).waking === 0, 'the first sleeper to be back');
			assert.deepEqual(await cond.info(), {waiting: 1, waking: 0}, 'the other still waits');
			await cond.withLock(() => cond.notify());
			const [second] = await take<Report>(results, 1);
			assert.equal(second!.notified, true);
			await joinAll(processes);
			assert.deepEqual(new Set([first!.pid, second!.pid]), new Set(processes.map(p => p.pid)));
			assert.deepEqual(await cond.info(), {waiting: 0, waking: 0});
		}
		// The timeline shows each sleeper's wait on the condition, ended by its wake-up.
		const waits = toSpans(run.events, run.events.at(-1)!.t).spans.filter(span => span.kind === 'wait' && span.label === 'condition c-plain');
		assert.equal(waits.length, 2);
	});

	test('notify(n) wakes exactly n; notify(3) with nobody left wakes nobody', async () => {
		const cond = new Condition(undefined, {name: 'notify-n'});
		const results = new Queue<Report>();
		const processes = await sleepers(cond, 6, results, 'n');
		await cond.notify(2);
		await cond.release();
		assert.ok((await take<Report>(results, 2)).every(report => report.notified));
		await untilAsync(async () => (await cond.info()).waking === 0, 'the two to be back');
		assert.deepEqual(await cond.info(), {waiting: 4, waking: 0}, 'the other four still wait');
		assert.equal(await results.qsize(), 0);
		await cond.withLock(() => cond.notify(4));
		assert.ok((await take<Report>(results, 4)).every(report => report.notified));
		await cond.withLock(() => cond.notify(3));
		await joinAll(processes);
		const notifies = run.sync({kind: 'condition', target: 'notify-n', op: 'notify'});
		assert.deepEqual(
			notifies.map(event => [event.n, event.woken]),
			[
				[2, 2],
				[4, 4],
				[3, 0],
			],
		);
		assert.equal(run.sync({kind: 'condition', target: 'notify-n', op: 'woke'}).length, 6);
	});

	test('notifyAll() wakes every waiter; waiters that timed out are not woken again', async () => {
		const cond = new Condition(undefined, {name: 'all'});
		const results = new Queue<Report>();
		const timedOut = await sleepers(cond, 4, results, 'timed', 50);
		await cond.release();
		assert.ok(
			(await take<Report>(results, 4)).every(report => !report.notified && report.held),
			'each timed out, holding the lock again',
		);
		await joinAll(timedOut);
		assert.deepEqual(await cond.info(), {waiting: 0, waking: 0});
		const processes = await sleepers(cond, 4, results, 'all');
		await cond.notifyAll();
		await cond.release();
		assert.ok((await take<Report>(results, 4)).every(report => report.notified));
		await joinAll(processes);
		assert.deepEqual(await cond.info(), {waiting: 0, waking: 0});
	});

	test('wait({timeout}) returns false and holds the lock again; a notify from a child makes it true', async () => {
		const cond = new Condition();
		await cond.acquire();
		assert.equal(await cond.wait({timeout: 0}), false);
		assert.equal(await cond.wait({timeout: 50}), false);
		assert.equal(cond.lock.held, true);
		const child = new Process({module: fixtures.condition, target: 'notifyOnce', args: [cond], name: 'notifier'});
		await child.start();
		assert.equal(await cond.wait({timeout: 60_000}), true);
		assert.equal(cond.lock.held, true);
		await cond.release();
		assert.equal(await child.join(), 0);
	});

	test('wait() gives an RLock up at depth 3 — another process can take it meanwhile — and has it back at depth 3', async () => {
		const cond = new Condition(new RLock({name: 'deep-lock'}), {name: 'deep'});
		const sleeping = new Semaphore(0);
		const results = new Queue();
		const child = new Process({module: fixtures.condition, target: 'deepWaiter', args: [cond, 3, sleeping, results], name: 'deep'});
		await child.start();
		assert.equal(await sleeping.acquire({timeout: 20_000}), true);
		assert.equal(await cond.acquire({timeout: 20_000}), true, 'free while the child waits at depth 3');
		assert.equal((cond.lock as RLock).depth, 1);
		await cond.notify();
		await cond.release();
		assert.deepEqual(await results.get({timeout: 20_000}), {notified: true, depth: 3, file: {pid: child.pid, depth: 3}});
		assert.equal(await child.join(), 0);
	});

	test('waitFor(): the predicate is checked first, then after each wake-up; with a timeout, its last (false) value comes back', async () => {
		const file = path.join(Run.current().dir, 'state');
		fs.writeFileSync(file, '-1');
		const state = () => Number(fs.readFileSync(file, 'utf8'));
		const cond = new Condition(undefined, {name: 'waitfor'});
		const results = new Queue();
		const child = new Process({module: fixtures.condition, target: 'waitForFour', args: [cond, file, results], name: 'waitfor'});
		await child.start();
		assert.equal(await cond.withLock(() => cond.waitFor(() => state() === 0)), true);
		for (let i = 0; i < 4; i++) {
			await cond.withLock(async () => {
				fs.writeFileSync(file, String(state() + 1));
				await cond.notify();
			});
		}
		assert.deepEqual(await results.get({timeout: 20_000}), {result: true, state: 4});
		assert.equal(await child.join(), 0);

		fs.writeFileSync(file, '0');
		const ready = new Semaphore(0);
		const timed = new Process({module: fixtures.condition, target: 'waitForFourTimed', args: [cond, file, ready, results, 300], name: 'waitfor-timed'});
		await timed.start();
		assert.equal(await ready.acquire({timeout: 20_000}), true);
		for (let i = 0; i < 3; i++) {
			await cond.withLock(async () => {
				fs.writeFileSync(file, String(state() + 1));
				await cond.notify();
			});
		}
		assert.deepEqual(await results.get({timeout: 20_000}), {result: false, state: 3, held: true});
		assert.equal(await timed.join(), 0);
		assert.equal(await cond.withLock(() => cond.waitFor(() => 'already', {timeout: 0})), 'already', 'a true predicate returns at once, as it is');
	});

	test('wait, notify and notifyAll without the lock are ValueErrors, in main and in a child', async () => {
		const cond = new Condition(undefined, {name: 'misuse'});
		await assert.rejects(cond.wait(), isValueError);
		await assert.rejects(cond.notify(), isValueError);
		await assert.rejects(cond.notifyAll(), isValueError);
		const results = new Queue();
		const child = new Process({module: fixtures.condition, target: 'misuse', args: [cond, results], name: 'misuse'});
		await child.start();
		assert.deepEqual(await results.get({timeout: 20_000}), ['ValueError VALUE', 'ValueError VALUE', 'ValueError VALUE']);
		assert.equal(await child.join(), 0);
		assert.deepEqual(await cond.info(), {waiting: 0, waking: 0});
	});

	test('a child gets the condition’s lock with it: passed beside it, the lock is the same object there', async () => {
		const lock = new Lock({name: 'beside'});
		const cond = new Condition(lock);
		const results = new Queue();
		const child = new Process({module: fixtures.condition, target: 'sameLock', args: [cond, lock, results]});
		await child.start();
		assert.deepEqual(await results.get({timeout: 20_000}), {same: true, heldThroughCondition: true, heldAfter: false});
		assert.equal(await child.join(), 0);
	});

	test('300 rounds of ping-pong with a child: no notify is lost (every wait ends notified)', async () => {
		const rounds = 300;
		const bound = 20_000; // a safety net: a lost notify would end a wait with false
		const cond = new Condition(undefined, {name: 'ping-pong'});
		const results = new Queue<number>();
		await cond.acquire();
		const child = new Process({module: fixtures.condition, target: 'pong', args: [cond, rounds, bound, results], name: 'pong'});
		await child.start();
		let notified = 0;
		for (let i = 0; i < rounds; i++) {
			if (await cond.wait({timeout: bound})) notified++;
			await cond.notify();
		}
		await cond.release();
		assert.equal(notified, rounds);
		assert.equal(await results.get({timeout: 20_000}), rounds);
		assert.equal(await child.join(), 0);
	});

	test('bad input is a TypeError', async () => {
		assert.throws(() => new Condition('lock' as never), /Expected `lock` to be a Lock or an RLock, got "lock"/);
		const cond = new Condition();
		await cond.acquire();
		await assert.rejects(cond.notify(-1), TypeError);
		await assert.rejects(cond.notify(1.5), TypeError);
		await assert.rejects(cond.wait({timeout: -5}), TypeError);
		await assert.rejects(cond.waitFor(5 as never), TypeError);
		assert.equal(cond.lock.held, true, 'a refused call leaves the lock held');
		await cond.release();
	});
});
