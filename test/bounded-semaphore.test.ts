/**
 * BoundedSemaphore across real processes: a release beyond the initial value
 * is a ValueError wherever it happens — in the process that took no permit,
 * in one whose permit another process gave back already, after a loop that
 * a plain Semaphore would serve from kept permits — and the count never
 * passes the initial value, dead holders included. (CPython's
 * _TestSemaphore bounded case, told again.)
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import util from 'node:util';
import {BoundedSemaphore, Event, Process, Queue, Semaphore, ValueError} from '../src/index.ts';
import {fixtures} from './support/fixtures.ts';
import {startPermitHolder} from './support/holders.ts';
import {useRun} from './support/use-run.ts';

const isValueError = (error: unknown): boolean => error instanceof ValueError && error.code === 'VALUE';

describe('BoundedSemaphore', () => {
	const run = useRun();

	test('counts down and up like a Semaphore, and a release beyond the initial value throws ValueError', async () => {
		const semaphore = new BoundedSemaphore(2, {name: 'b'});
		assert.ok(semaphore instanceof Semaphore);
		assert.equal(util.inspect(semaphore), '<BoundedSemaphore(initial=2)>');
		assert.equal(await semaphore.value(), 2);
		assert.equal(await semaphore.acquire(), true);
		assert.equal(await semaphore.value(), 1);
		assert.equal(await semaphore.acquire(), true);
		assert.equal(await semaphore.value(), 0);
		assert.equal(await semaphore.acquire({timeout: 0}), false);
		await semaphore.release();
		assert.equal(await semaphore.value(), 1);
		await semaphore.release();
		assert.equal(await semaphore.value(), 2);
		await assert.rejects(semaphore.release(), isValueError);
		assert.equal(await semaphore.value(), 2, 'the refused release changed nothing');
		assert.throws(() => new BoundedSemaphore(-1), TypeError);
	});

	test('any process may release, as in Python: once main gave back a child’s permit, the child’s own release is the one too many', async () => {
		const semaphore = new BoundedSemaphore(2, {name: 'shared'});
		const held = new Event();
		const go = new Event();
		const results = new Queue();
		const child = new Process({module: fixtures.bounded, target: 'holdThenRelease', args: [semaphore, held, go, results], name: 'holder'});
		await child.start();
		assert.equal(await held.wait({timeout: 20_000}), true);
		assert.equal(await semaphore.value(), 1);
		await semaphore.release();
		assert.equal(await semaphore.value(), 2, 'main gave the permit back for the child');
		await go.set();
		assert.deepEqual(await results.get({timeout: 20_000}), {thrown: true, name: 'ValueError', code: 'VALUE'});
		assert.equal(await child.join(), 0);
		// The child's permit counts as given back: its exit returns nothing, so the count stays at the bound.
		assert.deepEqual(await semaphore.info(), {value: 2, initial: 2, peak: 1});
		assert.deepEqual(run.sync({target: 'shared', op: 'recovered'}), []);
	});

	test('a tight acquire/release loop keeps no permit, so the release after it is refused at once', async () => {
		const semaphore = new BoundedSemaphore(1, {name: 'loop'});
		const results = new Queue();
		const child = new Process({module: fixtures.bounded, target: 'churnThenOverRelease', args: [semaphore, 200, results], name: 'looper'});
		await child.start();
		assert.deepEqual(await results.get({timeout: 20_000}), {thrown: true, name: 'ValueError', code: 'VALUE'});
		assert.equal(await child.join(), 0);
		assert.deepEqual(await semaphore.info(), {value: 1, initial: 1, peak: 1});
	});

	test('6 processes × 20 rounds on BoundedSemaphore(2): never more than 2 holders, every permit back, no release refused', async () => {
		const semaphore = new BoundedSemaphore(2, {name: 'churn'});
		const processes = Array.from(
			{length: 6},
			(_, i) => new Process({module: fixtures.semaphore, target: 'holdPermit', args: [semaphore, 20], name: `churn-${i}`}),
		);
		for (const p of processes) await p.start();
		for (const p of processes) assert.equal(await p.join(), 0, `${p.name} exit code`);
		const info = await semaphore.info();
		assert.equal(info.value, 2);
		assert.ok(info.peak >= 1 && info.peak <= 2, `peak ${info.peak}`);
		assert.equal(run.sync({target: 'churn', op: 'acquired'}).length, 6 * 20);
		assert.equal(run.sync({target: 'churn', op: 'release'}).length, 6 * 20);
	});

	test('a holder killed with SIGKILL: its permit comes back up to the bound, not beyond', async () => {
		const semaphore = new BoundedSemaphore(1, {name: 'doomed'});
		const holder = await startPermitHolder(semaphore, 'doomed');
		assert.equal(await semaphore.value(), 0);
		holder.kill('SIGKILL');
		await holder.join();
		assert.equal(run.sync({target: 'doomed', op: 'recovered'}).length, 1);
		assert.deepEqual(await semaphore.info(), {value: 1, initial: 1, peak: 1});
		await assert.rejects(semaphore.release(), isValueError);
	});
});
