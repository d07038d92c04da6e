/**
 * A Condition waiter that dies never swallows a notify: one killed while in
 * line leaves it, and one killed after it was notified, before it was back
 * from wait(), passes its notify on to the next waiter (Python's would be lost).
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {Condition, Process, Queue, Semaphore} from '../src/index.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';
import {until, untilAsync} from './support/wait.ts';

type Report = {pid: number; notified: boolean; held: boolean};

/** Two sleepers, `first` in line before `second`; resolves holding the condition's lock. */
async function twoInLine(cond: Condition, results: Queue<Report>): Promise<[Process, Process]> {
	const sleeping = new Semaphore(0);
	const start = async (name: string) => {
		const p = new Process({module: fixtures.condition, target: 'sleeper', args: [cond, sleeping, results], name});
		await p.start();
		assert.equal(await sleeping.acquire({timeout: 20_000}), true);
		return p;
	};
	// The second can only wait once the first handed the lock over, in line.
	const first = await start('first');
	const second = await start('second');
	await cond.acquire();
	assert.deepEqual(await cond.info(), {waiting: 2, waking: 0});
	return [first, second];
}

describe('a Condition waiter that dies', () => {
	const run = useRun();

	test('in line: it leaves the line, and notify() wakes the live waiter', async () => {
		const cond = new Condition(undefined, {name: 'in-line'});
		const results = new Queue<Report>();
		const [first, second] = await twoInLine(cond, results);
		first.kill('SIGKILL');
		assert.equal(await first.join(), -9);
		await untilAsync(async () => (await cond.info()).waiting === 1, 'the dead waiter to leave the line');
		await cond.notify();
		await cond.release();
		assert.deepEqual(await results.get({timeout: 20_000}), {pid: second.pid, notified: true, held: true});
		assert.equal(await second.join(), 0);
		assert.deepEqual(run.sync({target: 'in-line', op: 'passed-on'}), [], 'it had no notify to pass on');
	});

	test('notified, before it is back from wait(): its notify passes to the next waiter', async () => {
		const cond = new Condition(undefined, {name: 'passing'});
		const results = new Queue<Report>();
		const [first, second] = await twoInLine(cond, results);
		await cond.notify();
		assert.deepEqual(await cond.info(), {waiting: 1, waking: 1});
		// Main holds the lock: the notified waiter waits to take it back, and dies there.
		await until(() => run.sync({kind: 'rlock', op: 'acquire', proc: 'first'}).length > 0, 'the first to wait for the lock');
		first.kill('SIGKILL');
		assert.equal(await first.join(), -9);
		await untilAsync(async () => (await cond.info()).waiting === 0, 'the notify to pass on');
		assert.deepEqual(await cond.info(), {waiting: 0, waking: 1});
		await cond.release();
		assert.deepEqual(await results.get({timeout: 20_000}), {pid: second.pid, notified: true, held: true});
		assert.equal(await second.join(), 0);
		const passed = run.sync({target: 'passing', op: 'passed-on'});
		assert.deepEqual(
			passed.map(event => [event.deadProc, event.deadPid, event.to]),
			[['first', first.pid, 'second']],
		);
		assert.deepEqual(await cond.info(), {waiting: 0, waking: 0});
	});
});
