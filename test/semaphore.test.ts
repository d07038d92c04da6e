import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {SyncEvent} from '../src/broker/core.ts';
import {Event, Process, Queue, Semaphore} from '../src/index.ts';
import {fixtures} from './support/fixtures.ts';
import {startPermitHolder} from './support/holders.ts';
import {useRun} from './support/use-run.ts';
import {take, until} from './support/wait.ts';

/** Replay the broker's semaphore events: the most holders at any moment, checked against every event's own count. */
function replayPeak(events: SyncEvent[]): number {
	let holders = 0;
	let peak = 0;
	for (const event of events) {
		if (event.op === 'acquired') holders++;
		else if (event.op === 'release') holders--;
		else if (event.op === 'recovered') holders -= event.permits as number;
		else continue;
		if (event.holders !== undefined) assert.equal(event.holders, holders, `holders after ${event.op}`);
		peak = Math.max(peak, holders);
	}
	return peak;
}

describe('Semaphore', () => {
	const run = useRun();

	test('Semaphore(3) with 5 holders: the peak reaches 3 and never exceeds it', async () => {
		const n = 3;
		const semaphore = new Semaphore(n);
		const gate = new Event();
		const results = new Queue();
		const processes = Array.from(
			{length: 5},
			(_, i) => new Process({module: fixtures.semaphore, target: 'holdPermitUntil', args: [semaphore, gate, results], name: `holder-${i}`}),
		);
		for (const p of processes) await p.start();

		// Three get in; the other two queue at the broker.
		const first = await take<number>(results, n);
		assert.equal(new Set(first).size, n);
		await until(() => run.sync({kind: 'semaphore', target: semaphore.name, op: 'acquire'}).length === 2, 'two processes to queue');
		assert.equal(await semaphore.value(), 0);
		assert.equal(await results.qsize(), 0, 'no fourth holder');
		assert.equal((await semaphore.info()).peak, n);

		await gate.set();
		const rest = await take<number>(results, 2);
		for (const p of processes) assert.equal(await p.join(), 0);
		assert.deepEqual([...first, ...rest].sort(), processes.map(p => p.pid).sort(), 'every process held a permit once');

		const info = await semaphore.info();
		assert.deepEqual(info, {value: n, initial: n, peak: n});
		const events = run.sync({kind: 'semaphore', target: semaphore.name});
		assert.equal(replayPeak(events), n);
		assert.equal(events.filter(e => e.op === 'acquired').length, 5);
		assert.equal(events.filter(e => e.op === 'release').length, 5);
	});

	test('Semaphore(2) under churn: 6 processes × 20 rounds never exceed 2 holders', async () => {
		const n = 2;
		const semaphore = new Semaphore(n);
		const processes = Array.from(
			{length: 6},
			(_, i) => new Process({module: fixtures.semaphore, target: 'holdPermit', args: [semaphore, 20], name: `churn-${i}`}),
		);
		for (const p of processes) await p.start();
		for (const p of processes) assert.equal(await p.join(), 0);

		const info = await semaphore.info();
		assert.ok(info.peak <= n, `peak ${info.peak} ≤ ${n}`);
		assert.equal(info.value, n, 'every permit back');
		const events = run.sync({kind: 'semaphore', target: semaphore.name});
		const peak = replayPeak(events);
		assert.ok(peak <= n);
		assert.equal(peak, info.peak, 'events and broker agree on the peak');
		assert.equal(events.filter(e => e.op === 'acquired').length, 6 * 20);
		for (const event of events.filter(e => e.op === 'acquired')) assert.ok((event.holders as number) <= n);
	});

	test('a holder killed with SIGKILL gets its permit returned', async () => {
		const semaphore = new Semaphore(2);
		const holder = await startPermitHolder(semaphore, 'doomed');
		assert.equal(await semaphore.value(), 1);

		// Main takes the last permit; a further acquire waits until the holder dies.
		assert.equal(await semaphore.acquire(), true);
		assert.equal(await semaphore.value(), 0);
		assert.equal(await semaphore.acquire({timeout: 0}), false);
		const pid = holder.pid!;
		const waiting = semaphore.acquire();
		holder.kill('SIGKILL');
		assert.equal(await waiting, true, 'the waiter got the dead holder’s permit');
		assert.equal(await holder.join(), -9);

		const recovered = run.sync({kind: 'semaphore', target: semaphore.name, op: 'recovered'});
		assert.equal(recovered.length, 1);
		assert.equal(recovered[0]!.deadPid, pid);
		assert.equal(recovered[0]!.permits, 1);
		await semaphore.release();
		await semaphore.release();
		assert.equal(await semaphore.value(), 2, 'value back up to the initial');
	});

	test('a holder killed with SIGKILL with nobody waiting: the value goes back up', async () => {
		const semaphore = new Semaphore(1);
		const holder = await startPermitHolder(semaphore, 'doomed');
		assert.equal(await semaphore.value(), 0);
		const pid = holder.pid!;
		holder.kill('SIGKILL');
		await holder.join();
		const recovered = run.sync({kind: 'semaphore', target: semaphore.name, op: 'recovered'});
		assert.equal(recovered.length, 1);
		assert.equal(recovered[0]!.deadPid, pid);
		assert.equal(recovered[0]!.value, 1);
		assert.equal(await semaphore.value(), 1);
	});
});
