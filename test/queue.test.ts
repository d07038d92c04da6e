import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {Closed, Empty, Event, Full, Process, Queue} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';
import {settle, take, tracked, until} from './support/wait.ts';

const range = (n: number): number[] => Array.from({length: n}, (_, i) => i);

describe('Queue', () => {
	const run = useRun();

	test('a BigInt item crosses whole, from a child too (serialized, so its size counts toward the message)', async () => {
		const input = new Queue<bigint | null>();
		const output = new Queue<bigint>();
		const big = 2n ** 4000n + 7n;
		await input.put(big);
		assert.equal(await input.get(), big, 'within the main process');
		const child = new Process({module: fixtures.queue, target: 'echo', args: [input, output], name: 'bigint-echo'});
		await child.start();
		for (const item of [big, -big, null]) await input.put(item);
		assert.deepEqual(await take(output, 2), [big, -big], 'through a child and back');
		assert.equal(await child.join(), 0);
	});

	test('a timeout beyond what a timer takes (2^31 ms) waits like none, instead of ending at once', async () => {
		const queue = new Queue();
		const got = tracked(queue.get({timeout: 2 ** 32}));
		// Long enough for a timer clamped to 1 ms (Node's overflow behaviour) to have fired.
		await new Promise(resolve => setTimeout(resolve, 50));
		await settle();
		assert.equal(got.settled, false, 'still waiting');
		await queue.put('x');
		assert.equal(await got.promise, 'x');
	});

	test('exactly once: 3 producers × 3 consumers, one null sentinel per consumer', async () => {
		const perProducer = 300;
		const queue = new Queue<number | null>();
		const results = new Queue<number[]>();
		const producers = range(3).map(i => new Process({module: fixtures.queue, target: 'produce', args: [queue, i, perProducer, 3], name: `producer-${i}`}));
		const consumers = range(3).map(i => new Process({module: fixtures.queue, target: 'consume', args: [queue, results], name: `consumer-${i}`}));
		for (const p of [...consumers, ...producers]) await p.start();
		for (const p of producers) assert.equal(await p.join(), 0);
		for (let i = 0; i < consumers.length; i++) await queue.put(null);

		const got = await take<number[]>(results, consumers.length);
		for (const p of consumers) assert.equal(await p.join(), 0);
		const all = got.flat().sort((a, b) => a - b);
		assert.equal(all.length, 3 * perProducer, 'no item lost or duplicated');
		assert.deepEqual(all, range(3 * perProducer));
		assert.equal(await queue.qsize(), 0, 'all sentinels taken');
		for (const items of got) {
			// Each consumer sees each producer's items in the order they were put.
			for (let producer = 0; producer < 3; producer++) {
				const mine = items.filter(item => item % 3 === producer);
				assert.deepEqual(
					mine,
					[...mine].sort((a, b) => a - b),
				);
			}
		}
	});

	test('maxsize: a put on a full Queue(2) does not resolve until a get (main)', async () => {
		const queue = new Queue<number>(2);
		await queue.put(1);
		await queue.put(2);
		assert.equal(await queue.full(), true);
		const third = tracked(queue.put(3));
		await settle();
		assert.equal(third.settled, false, 'the third put waits');
		assert.equal(await queue.qsize(), 2);
		assert.equal(await queue.get(), 1);
		await third.promise;
		assert.equal(await queue.qsize(), 2);
		assert.deepEqual([await queue.get(), await queue.get()], [2, 3]);
		assert.equal(await queue.empty(), true);
	});

	test('maxsize: a child putting into a full Queue(2) blocks until main gets', async () => {
		const queue = new Queue<number>(2);
		const producer = new Process({module: fixtures.queue, target: 'produce', args: [queue, 0, 5], name: 'producer'});
		await producer.start();
		await until(() => run.sync({kind: 'queue', target: queue.name, op: 'put-wait', proc: 'producer'}).length === 1, 'the producer to block');
		assert.equal(await queue.qsize(), 2, 'never more than maxsize');
		assert.equal(producer.alive, true, 'the producer is stuck in put()');
		assert.equal(run.sync({kind: 'queue', target: queue.name, op: 'put'}).length, 2);
		const got: number[] = [];
		for (let i = 0; i < 5; i++) {
			got.push(await queue.get({timeout: 20_000}));
			assert.ok((await queue.qsize()) <= 2);
		}
		assert.deepEqual(got, range(5));
		assert.equal(await producer.join(), 0);
		for (const event of run.sync({kind: 'queue', target: queue.name, op: 'put'})) assert.ok((event.size as number) <= 2);
	});

	test('putNowait/getNowait raise Full/Empty, in main and in a child', async () => {
		const full = new Queue<string>(1);
		const empty = new Queue<string>();
		await full.putNowait('a');
		await assert.rejects(full.putNowait('b'), (error: unknown) => error instanceof Full && error.code === 'FULL');
		await assert.rejects(empty.getNowait(), (error: unknown) => error instanceof Empty && error.code === 'EMPTY');
		await assert.rejects(empty.get({timeout: 20}), (error: unknown) => error instanceof Empty);
		await assert.rejects(full.put('c', {timeout: 20}), (error: unknown) => error instanceof Full);

		const results = new Queue<string[]>();
		const child = new Process({module: fixtures.queue, target: 'nowaitCodes', args: [full, empty, results]});
		await child.start();
		assert.deepEqual(await results.get({timeout: 20_000}), ['FULL', 'EMPTY']);
		assert.equal(await child.join(), 0);
		assert.equal(await full.getNowait(), 'a', 'the failed puts added nothing');
		await assert.rejects(full.getNowait(), Empty);
	});

	test('FIFO order from one producer', async () => {
		const queue = new Queue<number>();
		const producer = new Process({module: fixtures.queue, target: 'produce', args: [queue, 0, 500]});
		await producer.start();
		assert.deepEqual(await take<number>(queue, 500), range(500));
		assert.equal(await producer.join(), 0);
	});

	test('an unserializable item rejects put() in main with TypeError', async () => {
		const queue = new Queue<unknown>({maxsize: 3});
		const unbounded = new Queue<unknown>();
		for (const q of [queue, unbounded]) {
			await assert.rejects(
				q.put(() => 1),
				TypeError,
			);
			await assert.rejects(q.put(Symbol('nope')), TypeError);
			await assert.rejects(q.put({nested: () => 1}), TypeError);
			await assert.rejects(q.putNowait(Symbol('nope')), TypeError);
			assert.equal(await q.qsize(), 0, 'nothing was queued');
			await q.put('fine');
			assert.equal(await q.get(), 'fine');
		}
	});

	test('an unserializable item rejects put() in a child with TypeError', async () => {
		const queue = new Queue<unknown>();
		const results = new Queue<unknown>();
		const child = new Process({module: fixtures.queueLimit, target: 'putUncopyable', args: [queue, results]});
		await child.start();
		const report = (await results.get({timeout: 20_000})) as Array<{name: string; isTypeError: boolean; message: string} | null>;
		assert.equal(await child.join(), 0);
		assert.equal(report.length, 3);
		for (const entry of report) {
			assert.ok(entry, 'put() rejected');
			assert.equal(entry.isTypeError, true);
			assert.equal(entry.name, 'TypeError');
		}
		assert.match(report[0]!.message, /function/);
		assert.match(report[1]!.message, /symbol/);
		assert.equal(await queue.getNowait(), 'still usable');
		assert.equal(await queue.qsize(), 0);
	});

	test('Map, Set, Date, BigInt and Uint8Array survive a trip through a child', async () => {
		const input = new Queue<unknown>();
		const output = new Queue<unknown>();
		const child = new Process({module: fixtures.queue, target: 'echo', args: [input, output]});
		await child.start();
		const values: unknown[] = [
			new Map<unknown, unknown>([
				['a', 1],
				[2, {b: [3n]}],
			]),
			new Set([1, 'two', 3n]),
			new Date(Date.UTC(2020, 1, 29, 12, 30)),
			2n ** 100n,
			new Uint8Array([0, 1, 254, 255]),
			{map: new Map([['k', new Set([new Date(0)])]]), bytes: new Uint8Array(3), big: -1n},
		];
		for (const value of values) await input.put(value);
		await input.put(null);
		const back = await take<unknown>(output, values.length);
		assert.equal(await child.join(), 0);
		assert.deepEqual(back, values);
		assert.ok(back[0] instanceof Map);
		assert.ok(back[1] instanceof Set);
		assert.ok(back[2] instanceof Date);
		assert.equal(typeof back[3], 'bigint');
		assert.ok(back[4] instanceof Uint8Array);
	});

	// Items fetched ahead are the consumer's only within one turn of its event loop.
	test('a fast consumer that stops at its sentinel leaves the next sentinel for the other consumer', async () => {
		const queue = new Queue<number | null>();
		const results = new Queue<number[]>();
		const done = new Event();
		for (let i = 0; i < 100; i++) await queue.put(i);
		await queue.put(null);
		await queue.put(null);
		const fast = new Process({module: fixtures.prefetch, target: 'takeUntilNullThenIdle', args: [queue, results, done], name: 'fast'});
		await fast.start();
		// Timeouts are safety nets against a hang, not timing assertions.
		const first = await results.get({timeout: 20_000});
		const late = new Process({module: fixtures.prefetch, target: 'takeUntilNullThenIdle', args: [queue, results, done], name: 'late'});
		await late.start();
		const second = await results.get({timeout: 20_000});
		assert.deepEqual(
			[...first, ...second].sort((a, b) => a - b),
			range(100),
			'every item once',
		);
		assert.deepEqual(second, [], 'the late consumer found its sentinel');
		assert.equal(await queue.qsize(), 0);
		await done.set();
		assert.equal(await fast.join(), 0);
		assert.equal(await late.join(), 0);
	});

	test('a consumer that crashes outside its target gives back what it fetched ahead', async () => {
		const queue = new Queue<number>();
		for (let i = 0; i < 20; i++) await queue.put(i);
		const crasher = new Process({module: fixtures.crash, target: 'takeThenCrash', args: [queue, 6], name: 'crasher'});
		await crasher.start();
		assert.equal(await crasher.join(), 1);
		assert.equal(await queue.qsize(), 14, 'only the 6 items it took are gone');
		assert.deepEqual(await take<number>(queue, 14), range(20).slice(6), 'the rest, in order');
	});

	test('slots granted ahead go back: putNowait fails only when the queue is really full', async () => {
		const queue = new Queue<number>({maxsize: 16});
		const results = new Queue<number>();
		const producer = new Process({module: fixtures.prefetch, target: 'putThenNowait', args: [queue, 8, 8, results], name: 'producer'});
		await producer.start();
		assert.equal(await results.get({timeout: 20_000}), 8, 'all 8 putNowait() calls fit');
		assert.equal(await producer.join(), 0);
		assert.equal(await queue.qsize(), 16);
		assert.equal(await queue.full(), true);
		await assert.rejects(queue.putNowait(99), (error: unknown) => error instanceof Full);
	});

	test('a queue passed twice arrives as one object', async () => {
		const queue = new Queue();
		const results = new Queue<boolean>();
		const child = new Process({module: fixtures.queue, target: 'sameObject', args: [queue, queue, results], name: 'checker'});
		await child.start();
		assert.equal(await results.get({timeout: 20_000}), true);
		assert.equal(await child.join(), 0);
	});

	test('a consumer that crashes while it keeps taking loses nothing: every item is taken once or still queued', async () => {
		const total = 20_000;
		const queue = new Queue<number>();
		for (let i = 0; i < total; i++) await queue.putNowait(i);
		const file = path.join(Run.current().dir, 'taken.txt');
		fs.writeFileSync(file, '');
		const crasher = new Process({module: fixtures.crash, target: 'takeWhileCrashing', args: [queue, file], name: 'crasher'});
		await crasher.start();
		assert.equal(await crasher.join(), 1);
		const taken = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
		const left = await take<number>(queue, await queue.qsize());
		assert.deepEqual(
			[...taken, ...left].sort((a, b) => a - b),
			range(total),
			'each item taken once or left, none lost',
		);
		assert.deepEqual(
			left,
			[...left].sort((a, b) => a - b),
			'what is left is still in order',
		);
	});

	test('items fetched ahead keep their slots: a bounded queue never holds more than maxsize', async () => {
		const queue = new Queue<number>({maxsize: 4});
		for (let i = 1; i <= 4; i++) await queue.put(i);
		assert.deepEqual([await queue.get(), await queue.get()], [1, 2]);
		let fitted = 0;
		for (let i = 5; i <= 7; i++) {
			try {
				await queue.putNowait(i);
				fitted++;
			} catch (error) {
				assert.ok(error instanceof Full);
			}
		}
		assert.equal(fitted, 2, 'two gets make room for two puts, whatever was fetched ahead');
		await settle();
		assert.ok((await queue.info()).size <= 4, 'the bound holds after items fetched ahead came back');
		assert.deepEqual(await take<number>(queue, 4), [3, 4, 5, 6]);
	});
	test('qsize(), empty() and full() in the closing process throw Closed, as put() and get() do; other processes still use the queue', async () => {
		const queue = new Queue<number>({maxsize: 5});
		for (let i = 0; i < 3; i++) await queue.put(i);
		assert.equal(await queue.qsize(), 3);
		await queue.close();
		const isClosed = (error: unknown) => error instanceof Closed && error.code === 'CLOSED';
		await assert.rejects(queue.qsize(), isClosed);
		await assert.rejects(queue.empty(), isClosed);
		await assert.rejects(queue.full(), isClosed);
		await assert.rejects(queue.put(9), isClosed);
		await assert.rejects(queue.get(), isClosed);
		assert.equal((await queue.info()).size, 3, 'the items are still there');
		const results = new Queue<number[]>();
		const child = new Process({module: fixtures.queue, target: 'takeSome', args: [queue, 3, results], name: 'consumer'});
		await child.start();
		assert.deepEqual(await results.get({timeout: 30_000}), [0, 1, 2]);
		assert.equal(await child.join(), 0);
	});
});
