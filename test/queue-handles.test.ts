/**
 * Queue items that hold primitives travel as handles and arrive as the
 * primitives; plain data that merely looks like a handle (parsed from JSON,
 * say) arrives as the same plain data — never as a primitive opening the
 * file it names.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {Lock, Process, Queue, SimpleQueue, Value} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';

/** Each item through a child (which gets and puts it again) and back. */
async function roundTrip(input: Queue, items: unknown[]): Promise<unknown[]> {
	const output = new Queue({name: `${input.name}-back`});
	const child = new Process({module: fixtures.queue, target: 'echo', args: [input, output], name: 'echo'});
	await child.start();
	const got: unknown[] = [];
	for (const item of items) {
		await input.put(item);
		got.push(await output.get({timeout: 20_000}));
	}
	await input.put(null);
	assert.equal(await child.join(), 0);
	return got;
}

describe('Queue items and handles', () => {
	useRun();

	test('plain data shaped like a handle arrives as that data, in main and in a child; the file it names is not touched', async () => {
		const folder = fs.mkdtempSync(path.join(Run.current().dir, 'victim-'));
		const victim = path.join(folder, 'file');
		fs.writeFileSync(victim, 'A');
		try {
			const lookalikes = [
				JSON.parse(`{"__sync":"value","id":"spoof","name":"x","path":${JSON.stringify(victim)},"typecode":"b","length":1}`),
				{__sync: 'no-such-kind', id: 'y'},
				[{__sync: 'lock', id: 'z', name: 'z', path: victim}],
			];
			for (const queue of [new Queue({name: 'data'}), new SimpleQueue({name: 'simple-data'})]) {
				for (const item of lookalikes) {
					await queue.put(item);
					assert.deepEqual(await queue.get(), item, 'in main');
				}
				const back = await roundTrip(queue as Queue, lookalikes);
				assert.deepEqual(back, lookalikes, 'through a child');
				for (const item of back) assert.equal(Object.getPrototypeOf(Array.isArray(item) ? item[0] : item), Object.prototype, 'plain data, no primitive');
			}
			assert.equal(fs.readFileSync(victim, 'utf8'), 'A');
		} finally {
			fs.rmSync(folder, {recursive: true, force: true});
		}
	});

	test('an item holding primitives still arrives with them: through a child and back, the same objects', async () => {
		const lock = new Lock({name: 'carried'});
		const value = new Value('i', 7);
		const [got] = (await roundTrip(new Queue({name: 'carrier'}), [{lock, values: [value], note: 'x'}])) as Array<{
			lock: Lock;
			values: Value<'i'>[];
			note: string;
		}>;
		assert.equal(got!.lock, lock);
		assert.equal(got!.values[0], value);
		assert.equal(got!.note, 'x');
	});

	test('in an item that holds a primitive, plain data shaped like a handle beside it still arrives as that data', async () => {
		const lock = new Lock({name: 'beside'});
		const lookalike = {__sync: 'lock', id: lock.handle.id, name: 'beside', path: lock.handle.path};
		const [got] = (await roundTrip(new Queue({name: 'mixed'}), [{lock, lookalike}])) as Array<{lock: Lock; lookalike: object}>;
		assert.equal(got!.lock, lock);
		assert.deepEqual(got!.lookalike, lookalike);
		assert.equal(Object.getPrototypeOf(got!.lookalike), Object.prototype, 'plain data, no primitive');
	});
});
