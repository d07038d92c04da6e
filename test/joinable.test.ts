import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {Abandoned, Event, JoinableQueue, Process, Queue, ValueError} from '../src/index.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';
import {settle, tracked, until} from './support/wait.ts';

describe('JoinableQueue', () => {
	const run = useRun();

	test('join() resolves only after every taskDone()', async () => {
		const count = 5;
		const queue = new JoinableQueue<number>();
		const gate = new Event();
		for (let i = 0; i < count; i++) await queue.put(i);
		const consumer = new Process({module: fixtures.joinable, target: 'consumeHoldingLast', args: [queue, count, gate], name: 'consumer'});
		await consumer.start();

		let allowed = false;
		const joined = tracked(
			queue.join().then(result => {
				assert.equal(allowed, true, 'join() resolved before the last taskDone() was allowed');
				return result;
			}),
		);
		// The consumer has marked all but one done and now waits for the gate.
		await until(() => run.sync({kind: 'event', target: gate.name, op: 'wait', proc: 'consumer'}).length === 1, 'the consumer to wait on the gate');
		await settle();
		assert.equal((await queue.info()).unfinished, 1);
		const done = run.sync({kind: 'queue', target: queue.name, op: 'task-done'});
		assert.equal(
			done.reduce((sum, event) => sum + (event.n as number), 0),
			count - 1,
			'task-done events count every taskDone() (coalesced ones carry n)',
		);
		assert.equal(joined.settled, false, 'join() still waits for the last task');
		assert.equal(await queue.join({timeout: 0}), false, 'a timed join gives up meanwhile');

		allowed = true;
		await gate.set();
		assert.equal(await joined.promise, true);
		assert.equal((await queue.info()).unfinished, 0);
		assert.equal(await consumer.join(), 0);
		assert.equal(await queue.join({timeout: 0}), true, 'nothing unfinished');
	});

	test('join() with several consumers waits for all of their tasks', async () => {
		const queue = new JoinableQueue<number>();
		const consumers = Array.from({length: 3}, (_, i) => new Process({module: fixtures.joinable, target: 'takeAll', args: [queue, 20], name: `taker-${i}`}));
		for (const p of consumers) await p.start();
		for (let i = 0; i < 60; i++) await queue.put(i);
		assert.equal(await queue.join(), true);
		const done = run.sync({kind: 'queue', target: queue.name, op: 'task-done'});
		assert.equal(
			done.reduce((sum, event) => sum + (event.n as number), 0),
			60,
			'every item marked done before join() returned',
		);
		for (const p of consumers) assert.equal(await p.join(), 0);
	});

	test('one taskDone() too many rejects with ValueError, in main and in a child', async () => {
		const queue = new JoinableQueue<string>();
		await assert.rejects(queue.taskDone(), (error: unknown) => error instanceof ValueError && error.code === 'VALUE');
		await queue.put('a');
		assert.equal(await queue.get(), 'a');
		await queue.taskDone();
		await assert.rejects(queue.taskDone(), (error: unknown) => error instanceof ValueError && error.code === 'VALUE');
		assert.equal((await queue.info()).unfinished, 0, 'the extra call changed nothing');

		const results = new Queue();
		await queue.put('b');
		const child = new Process({module: fixtures.joinable, target: 'taskDoneTwice', args: [queue, results]});
		await child.start();
		assert.deepEqual(await results.get({timeout: 20_000}), {thrown: true, name: 'ValueError', code: 'VALUE'});
		assert.equal(await child.join(), 0);
		assert.equal(await queue.join({timeout: 20_000}), true);
		assert.equal((await queue.info()).unfinished, 0);
	});

	test('taskDone() counts across processes: main may mark done a task a child took; a death it made up for is no abandonment', async () => {
		const queue = new JoinableQueue<string>({name: 'global'});
		await queue.put('t');
		const held = new Event();
		const holder = new Process({module: fixtures.joinable, target: 'holdTaskForever', args: [queue, held], name: 'holder'});
		await holder.start();
		await held.wait();
		assert.equal((await queue.info()).unfinished, 1);
		// Python counts unfinished tasks per queue, not per process: main finishes the child's task.
		await queue.taskDone();
		assert.equal((await queue.info()).unfinished, 0);
		assert.equal(await queue.join({timeout: 0}), true);
		await assert.rejects(queue.taskDone(), (error: unknown) => error instanceof ValueError && error.code === 'VALUE', 'one more would go below zero');
		holder.kill('SIGKILL');
		assert.equal(await holder.join(), -9);
		assert.equal(run.sync({kind: 'queue', target: 'global', op: 'abandoned'}).length, 0, 'the task the holder took was already done');
		assert.equal(await queue.join(), true);

		// Without that help, a task the dead process took is still reported, and join() fails at once.
		await queue.put('u');
		const held2 = new Event();
		const second = new Process({module: fixtures.joinable, target: 'holdTaskForever', args: [queue, held2], name: 'second-holder'});
		await second.start();
		await held2.wait();
		second.kill('SIGKILL');
		assert.equal(await second.join(), -9);
		await until(() => run.sync({kind: 'queue', target: 'global', op: 'abandoned'}).length === 1, 'the abandonment to be reported');
		await assert.rejects(
			queue.join(),
			(error: unknown) => error instanceof Abandoned && /second-holder \(pid \d+\) died holding 1 unfinished task/.test((error as Error).message),
		);
		// Any process may still mark it done; then join() goes through again.
		await queue.taskDone();
		assert.equal(await queue.join(), true);
	});
});
