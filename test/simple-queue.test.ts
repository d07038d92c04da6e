/** SimpleQueue (Python's multiprocessing.SimpleQueue): put, get, empty, close, across real processes. */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {Closed, Process, Queue, SimpleQueue} from '../src/index.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';
import {settle, tracked} from './support/wait.ts';

describe('SimpleQueue', () => {
	const run = useRun();

	test('FIFO through children; empty() tells; get() waits for a put; the child gets a SimpleQueue', async () => {
		const queue = new SimpleQueue<number | null>({name: 'simple'});
		assert.equal(await queue.empty(), true);
		const pending = tracked(queue.get());
		await settle();
		assert.equal(pending.settled, false, 'get() on an empty queue waits');
		await queue.put(-1);
		assert.equal(await pending.promise, -1);

		const results = new Queue<number[]>();
		const consumer = new Process({module: fixtures.queue, target: 'consume', args: [queue, results], name: 'consumer'});
		const producer = new Process({module: fixtures.queue, target: 'produce', args: [queue, 0, 500]});
		await consumer.start();
		await producer.start();
		assert.equal(await producer.join(), 0);
		await queue.put(null);
		assert.deepEqual(
			await results.get({timeout: 30_000}),
			Array.from({length: 500}, (_, i) => i),
		);
		assert.equal(await consumer.join(), 0);
		assert.equal(await queue.empty(), true);

		const kinds = new Queue<string>();
		const probe = new Process({module: fixtures.queue, target: 'kindOf', args: [queue, kinds]});
		await probe.start();
		assert.equal(await kinds.get({timeout: 30_000}), 'SimpleQueue');
		assert.equal(await probe.join(), 0);
		assert.ok(run.sync({kind: 'queue', target: 'simple', op: 'put'}).length > 0, 'its operations are the queue unit’s');
	});

	test('after close(), put, get and empty throw Closed in the closing process', async () => {
		const queue = new SimpleQueue<string>();
		await queue.put('a');
		assert.equal(await queue.empty(), false);
		await queue.close();
		assert.equal(queue.closed, true);
		const isClosed = (error: unknown) => error instanceof Closed && error.code === 'CLOSED';
		await assert.rejects(queue.put('b'), isClosed);
		await assert.rejects(queue.get(), isClosed);
		await assert.rejects(queue.empty(), isClosed);
	});
});
