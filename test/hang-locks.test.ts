/**
 * Hang reports for RLocks and Conditions, and deadlocks named as a whole
 * cycle: philosophers around a table (Locks and an RLock), a Lock taken
 * twice, and a condition's wait() that cannot take its lock back.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {describe, test} from 'node:test';
import type {Waiter} from '../src/broker/core.ts';
import {Condition, Event, Lock, Process, RLock, Semaphore} from '../src/index.ts';
import {blockedWaits, explainHang} from '../src/run/hang.ts';
import {Run} from '../src/run/run.ts';
import {assertReaped} from './support/processes.ts';

const fixture = new URL('./fixtures/deadlock.ts', import.meta.url);

/**
 * Start `processes` (after `before`, if any), join them from main, and wait
 * until every live process is blocked; returns the hang report. The run is
 * stopped either way, and must leave no child and no folder behind.
 */
async function hangOf(processes: Process[], before?: () => Promise<void>): Promise<string[]> {
	const run = Run.current();
	let joined: Promise<unknown> | undefined;
	try {
		for (const p of processes) await p.start();
		await before?.();
		joined = Promise.all(processes.map(p => p.join()));
		let waits: Waiter[] | null = null;
		const bound = Date.now() + 60_000; // a safety net, not a timing assertion
		for (waits = blockedWaits(run); !waits; waits = blockedWaits(run)) {
			if (Date.now() > bound) assert.fail(`no hang seen; waiting: ${run.broker.waiting().map(w => `${w.peer.name} ${w.call} ${w.target}`)}`);
			await new Promise(resolve => setTimeout(resolve, 20));
		}
		return explainHang(run, waits);
	} finally {
		await run.stop();
		await joined;
		for (const p of processes) assertReaped(p.pid!);
		assert.equal(fs.existsSync(run.dir), false, 'the run folder is removed');
	}
}

/** The one line naming a deadlock: exactly one must. */
function deadlockLine(lines: string[]): string {
	const found = lines.filter(line => line.endsWith(': a deadlock') || line.includes(': a deadlock ('));
	assert.equal(found.length, 1, lines.join('\n'));
	return found[0]!;
}

describe('hang reports', () => {
	test('a condition.wait() nobody alive can notify', async () => {
		const cond = new Condition(undefined, {name: 'not-empty'});
		const consumer = new Process({module: fixture, target: 'waitForever', args: [cond], name: 'consumer'});
		const lines = await hangOf([consumer]);
		assert.deepEqual(lines.sort(), [
			`consumer (pid ${consumer.pid}) is blocked in condition.wait() on condition "not-empty"; nobody alive can notify it`,
			`main (pid ${process.pid}) is blocked in process.join() waiting for consumer, itself blocked in condition.wait()`,
		]);
	});

	test('three philosophers, each holding one fork and reaching for the next: the whole cycle in one line', async () => {
		const forks = [new Lock({name: 'fork-0'}), new Lock({name: 'fork-1'}), new RLock({name: 'fork-2'})];
		const holding = new Semaphore(0);
		const all = new Event();
		const philosophers = forks.map(
			(left, i) => new Process({module: fixture, target: 'dine', args: [left, forks[(i + 1) % 3], holding, all], name: `philosopher-${i}`}),
		);
		const lines = await hangOf(philosophers, async () => {
			for (let i = 0; i < 3; i++) assert.equal(await holding.acquire({timeout: 20_000}), true);
			await all.set();
		});
		const [p0, p1, p2] = philosophers.map(p => `${p.name} (pid ${p.pid})`);
		const rotations = [
			`${p0} holds lock "fork-0" and waits for lock "fork-1", held by ${p1}, who waits for rlock "fork-2", held by ${p2} at depth 1, who waits for lock "fork-0", held by philosopher-0: a deadlock`,
			`${p1} holds lock "fork-1" and waits for rlock "fork-2", held by ${p2} at depth 1, who waits for lock "fork-0", held by ${p0}, who waits for lock "fork-1", held by philosopher-1: a deadlock`,
			`${p2} holds rlock "fork-2" at depth 1 and waits for lock "fork-0", held by ${p0}, who waits for lock "fork-1", held by ${p1}, who waits for rlock "fork-2", held by philosopher-2: a deadlock`,
		];
		assert.ok(rotations.includes(deadlockLine(lines)), lines.join('\n'));
		assert.equal(lines.filter(line => line.startsWith(`main (pid ${process.pid}) is blocked in process.join()`)).length, 3, lines.join('\n'));
		assert.equal(lines.length, 4, 'the cycle, and main joining each philosopher');
	});

	test('a Lock taken twice by one process', async () => {
		const worker = new Process({module: fixture, target: 'takeTwice', args: [new Lock({name: 'L'})], name: 'worker'});
		const lines = await hangOf([worker]);
		assert.equal(
			deadlockLine(lines),
			`worker (pid ${worker.pid}) holds lock "L" and waits for it again in lock.acquire(): a deadlock (a Lock is not reentrant)`,
		);
	});

	test("a condition's wait() cannot take its lock back from the notifier, who waits for a lock the waiter holds", async () => {
		const cond = new Condition(new RLock({name: 'cond-lock'}), {name: 'c'});
		const other = new Lock({name: 'x'});
		const waiting = new Semaphore(0);
		const waiter = new Process({module: fixture, target: 'waitHolding', args: [cond, other, waiting], name: 'waiter'});
		const notifier = new Process({module: fixture, target: 'notifyThenTake', args: [cond, other], name: 'notifier'});
		const lines = await hangOf([waiter], async () => {
			assert.equal(await waiting.acquire({timeout: 20_000}), true);
			await notifier.start();
		}).finally(() => assertReaped(notifier.pid!));
		const w = `waiter (pid ${waiter.pid})`;
		const n = `notifier (pid ${notifier.pid})`;
		const rotations = [
			`${w} holds lock "x" and waits for rlock "cond-lock" (to return from condition.wait() on "c"), held by ${n} at depth 1, who waits for lock "x", held by waiter: a deadlock`,
			`${n} holds rlock "cond-lock" at depth 1 and waits for lock "x", held by ${w}, who waits for rlock "cond-lock" (to return from condition.wait() on "c"), held by notifier: a deadlock`,
		];
		assert.ok(rotations.includes(deadlockLine(lines)), lines.join('\n'));
	});
});
