import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {Event, Process, Queue} from '../src/index.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';
import {take, tracked, until} from './support/wait.ts';

describe('Event', () => {
	const run = useRun();

	test('waiters in several processes wake on set()', async () => {
		const event = new Event();
		const results = new Queue();
		const processes = Array.from(
			{length: 3},
			(_, i) => new Process({module: fixtures.event, target: 'waitEvent', args: [event, results], name: `waiter-${i}`}),
		);
		for (const p of processes) await p.start();
		const mainWait = tracked(event.wait());
		await until(() => run.sync({kind: 'event', target: event.name, op: 'wait'}).length === 4, 'three children and main to wait');
		assert.equal(await results.qsize(), 0, 'nobody woke before set()');
		assert.equal(mainWait.settled, false);
		assert.equal(await event.isSet(), false);

		await event.set();
		assert.equal(await mainWait.promise, true);
		assert.deepEqual(await take(results, 3), [true, true, true]);
		for (const p of processes) assert.equal(await p.join(), 0);
		const set = run.sync({kind: 'event', target: event.name, op: 'set'});
		assert.equal(set.length, 1);
		assert.equal(set[0]!.woken, 4);
		assert.equal(run.sync({kind: 'event', target: event.name, op: 'woke'}).length, 4);
	});

	test('wait({timeout}) returns false on timeout, in main and in a child', async () => {
		const event = new Event();
		assert.equal(await event.wait({timeout: 0}), false);
		assert.equal(await event.wait({timeout: 30}), false);
		const results = new Queue();
		const child = new Process({module: fixtures.event, target: 'waitEventFor', args: [event, 30, results]});
		await child.start();
		assert.equal(await results.get({timeout: 20_000}), false);
		assert.equal(await child.join(), 0);
		assert.equal(await event.isSet(), false, 'timing out does not set the flag');
		assert.ok(run.sync({kind: 'event', target: event.name, op: 'timeout'}).length >= 2);
	});

	test('isSet() and clear(); wait() on a set event returns at once, also in a child', async () => {
		const event = new Event();
		assert.equal(await event.isSet(), false);
		await event.set();
		assert.equal(await event.isSet(), true);
		assert.equal(await event.wait(), true);
		assert.equal(await event.wait({timeout: 0}), true);

		const results = new Queue();
		const child = new Process({module: fixtures.event, target: 'waitEventFor', args: [event, 60_000, results]});
		await child.start();
		assert.equal(await results.get({timeout: 20_000}), true);
		assert.equal(await child.join(), 0);

		await event.clear();
		assert.equal(await event.isSet(), false);
		assert.equal(await event.wait({timeout: 0}), false);

		// Cleared again, a child waits until the next set().
		const again = new Process({module: fixtures.event, target: 'waitEvent', args: [event, results], name: 'again'});
		await again.start();
		await until(() => run.sync({kind: 'event', target: event.name, op: 'wait', proc: 'again'}).length === 1, 'the child to wait');
		assert.equal(await results.qsize(), 0);
		await event.set();
		assert.equal(await results.get({timeout: 20_000}), true);
		assert.equal(await again.join(), 0);
	});
});
