/**
 * Load: 64 processes through one queue with 100 000 items, 32 processes on
 * one lock with an exact counter. Asserts outcomes only (nothing lost,
 * nothing doubled, the counter exact, no child left alive, no folder left).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {Lock, Process, Queue} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';

describe('stress', () => {
	const run = useRun();

	test('64 processes through one queue: 100 000 items, none lost, none doubled', async () => {
		const producers = 32;
		const consumers = 32;
		const total = 100_000;
		const each = total / producers;
		const queue = new Queue({name: 'load'});
		const results = new Queue({name: 'results'});
		const procs = [
			...Array.from(
				{length: producers},
				(_, i) => new Process({module: fixtures.queue, target: 'produce', args: [queue, i * each, each], name: `producer-${i}`}),
			),
			...Array.from({length: consumers}, (_, i) => new Process({module: fixtures.queue, target: 'consume', args: [queue, results], name: `consumer-${i}`})),
		];
		for (const proc of procs) await proc.start();
		for (const proc of procs.slice(0, producers)) assert.equal(await proc.join(), 0);
		for (let i = 0; i < consumers; i++) await queue.put(null);
		const seen = new Uint8Array(total);
		let received = 0;
		for (let i = 0; i < consumers; i++) {
			const got = (await results.get({timeout: 600_000})) as number[];
			for (const item of got) {
				assert.ok(Number.isInteger(item) && item >= 0 && item < total, `item ${item} is one that was put`);
				assert.equal(seen[item], 0, `item ${item} delivered twice`);
				seen[item] = 1;
				received++;
			}
		}
		for (const proc of procs.slice(producers)) assert.equal(await proc.join(), 0);
		assert.equal(received, total, 'every item delivered once');
		assert.equal(await queue.qsize(), 0);
	});

	test('32 processes on one lock: the counter is exact', async () => {
		await run.restart();
		const processes = 32;
		const times = 100;
		const lock = new Lock({name: 'counter-lock'});
		const file = path.join(Run.current().dir, 'counter');
		fs.writeFileSync(file, '0');
		const procs = Array.from(
			{length: processes},
			(_, i) => new Process({module: fixtures.counter, target: 'lockedIncrement', args: [file, times, lock], name: `incrementer-${i}`}),
		);
		for (const proc of procs) await proc.start();
		for (const proc of procs) assert.equal(await proc.join(), 0);
		assert.equal(Number(fs.readFileSync(file, 'utf8')), processes * times);
		assert.equal(run.sync({op: 'recovered'}).length, 0, 'no lock was recovered');
	});
});
