import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {BoundedSemaphore, Condition, Event, Process, Queue, RLock, Semaphore} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {endUnwatchedRun} from './support/use-run.ts';

// With nobody listening to the run, a process may keep a released permit and
// take it again without a round trip: until the broker recalls it when nobody
// waited, for a short lease when others wait. The same invariants must hold on
// that path: Semaphore(1) is a mutex, the counter exact; Semaphore(2) never has
// more than two holders.
test('Semaphore(1) as a mutex with nobody watching: counter exact across 4 processes', async () => {
	const run = Run.current();
	const file = path.join(run.dir, 'counter');
	fs.writeFileSync(file, '0'.padStart(20, '0'));
	const mutex = new Semaphore(1);
	const procs = Array.from(
		{length: 4},
		(_, i) => new Process({module: fixtures.counter, target: 'incrementYielding', args: [file, 300, mutex], name: `incrementer-${i}`}),
	);
	for (const proc of procs) await proc.start();
	for (const proc of procs) assert.equal(await proc.join(), 0);
	assert.equal(Number(fs.readFileSync(file, 'utf8')), 1200);
	// Every permit came back, kept ones included.
	assert.equal((await mutex.info()).value, 1);
	await endUnwatchedRun(run, procs);
});

test('Semaphore(2) with 6 processes and nobody watching: never more than 2 holders, every permit back', async () => {
	const run = Run.current();
	const file = path.join(run.dir, 'holders.log');
	fs.writeFileSync(file, '');
	const semaphore = new Semaphore(2);
	const times = 2000;
	const procs = Array.from(
		{length: 6},
		(_, i) => new Process({module: fixtures.semaphore, target: 'holdAndLog', args: [file, times, semaphore], name: `holder-${i}`}),
	);
	await Promise.all(procs.map(proc => proc.start()));
	for (const proc of procs) assert.equal(await proc.join(), 0);
	const log = fs.readFileSync(file, 'latin1');
	assert.equal(log.length, 2 * 6 * times, 'every acquire and release logged');
	let holders = 0;
	let peak = 0;
	for (const mark of log) {
		holders += mark === '+' ? 1 : -1;
		peak = Math.max(peak, holders);
	}
	assert.equal(holders, 0);
	assert.ok(peak >= 1 && peak <= 2, `peak holders ${peak} within the limit of 2`);
	assert.equal((await semaphore.info()).value, 2, 'every permit came back');
	await endUnwatchedRun(run, procs);
});

test('a permit released by a process that then idles is free at once for acquire({timeout: 0}) elsewhere', async () => {
	const run = Run.current();
	const semaphore = new Semaphore(1);
	const results = new Queue<string>();
	const done = new Event();
	const idler = new Process({module: fixtures.semaphore, target: 'acquireReleaseThenIdle', args: [semaphore, results, done], name: 'idler'});
	await idler.start();
	assert.equal(await results.get({timeout: 20_000}), 'released');
	assert.equal(await semaphore.acquire({timeout: 0}), true, 'the kept permit went back when the idler stopped using it');
	await semaphore.release();
	await done.set();
	assert.equal(await idler.join(), 0);
	assert.equal((await semaphore.info()).value, 1);
	await endUnwatchedRun(run, [idler]);
});

test('RLock taken twice over per cycle with nobody watching: counter exact across 4 processes', async () => {
	const run = Run.current();
	const file = path.join(run.dir, 'rlock-counter');
	fs.writeFileSync(file, '0'.padStart(20, '0'));
	const rlock = new RLock();
	const gate = new Event();
	const procs = Array.from(
		{length: 4},
		(_, i) => new Process({module: fixtures.rlock, target: 'nestedIncrement', args: [gate, file, 300, rlock, 2], name: `rlock-${i}`}),
	);
	for (const proc of procs) await proc.start();
	await gate.set();
	for (const proc of procs) assert.equal(await proc.join(), 0);
	assert.equal(Number(fs.readFileSync(file, 'utf8')), 1200);
	assert.deepEqual(await rlock.info(), {path: rlock.handle.path, holder: null, unknown: null, waiting: 0});
	await endUnwatchedRun(run, procs);
});

test('Condition ping-pong with nobody watching: 300 rounds, no notify lost', async () => {
	const run = Run.current();
	const cond = new Condition();
	const results = new Queue<number>();
	await cond.acquire();
	const child = new Process({module: fixtures.condition, target: 'pong', args: [cond, 300, 20_000, results], name: 'pong'});
	await child.start();
	let notified = 0;
	for (let i = 0; i < 300; i++) {
		if (await cond.wait({timeout: 20_000})) notified++;
		await cond.notify();
	}
	await cond.release();
	assert.equal(notified, 300);
	assert.equal(await results.get({timeout: 20_000}), 300);
	assert.equal(await child.join(), 0);
	await endUnwatchedRun(run, [child]);
});

test('BoundedSemaphore with nobody watching: the release after a tight loop is refused, as when watched', async () => {
	const run = Run.current();
	const semaphore = new BoundedSemaphore(1);
	const results = new Queue();
	const child = new Process({module: fixtures.bounded, target: 'churnThenOverRelease', args: [semaphore, 200, results], name: 'looper'});
	await child.start();
	assert.deepEqual(await results.get({timeout: 20_000}), {thrown: true, name: 'ValueError', code: 'VALUE'});
	assert.equal(await child.join(), 0);
	assert.equal((await semaphore.info()).value, 1);
	await endUnwatchedRun(run, [child]);
});
