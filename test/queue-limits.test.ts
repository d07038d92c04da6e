/**
 * What a queue does at its limits: a JoinableQueue whose consumer died
 * holding tasks, more than the IPC channel carries in one message (2 GiB)
 * put in one turn, one item too big for it, an item nested too deep to be
 * rebuilt in another process, and items that cannot be copied at all.
 *
 * Needs the build (`npx tsc -p .`): children and the big-batch program run dist/.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import os from 'node:os';
import readline from 'node:readline';
import {describe, test} from 'node:test';
import {Abandoned, Event, JoinableQueue, Process, Queue} from '../src/index.ts';
import {compiled} from '../src/run/resolve.ts';
import {nest} from './fixtures/queue-limit-workers.ts';
import {fixtures} from './support/fixtures.ts';
import {isRunning, untilDead} from './support/processes.ts';
import {useRun} from './support/use-run.ts';
import {tracked, until} from './support/wait.ts';

const bigBatch = compiled(new URL('./fixtures/big-batch.ts', import.meta.url));
const MiB = 2 ** 20;

describe('queue limits', () => {
	const run = useRun();

	test('JoinableQueue: once a consumer holding a task is killed, the parked join() and every later one reject with Abandoned', async () => {
		const queue = new JoinableQueue<number>({name: 'tasks'});
		const held = new Event();
		for (let i = 1; i <= 3; i++) await queue.put(i);
		const consumer = new Process({module: fixtures.joinable, target: 'holdTaskForever', args: [queue, held], name: 'consumer'});
		await consumer.start();
		await held.wait();
		const pid = consumer.pid!;
		const joined = tracked(queue.join());
		await until(() => run.sync({kind: 'queue', target: 'tasks', op: 'join-wait'}).length === 1, 'join() to wait');
		consumer.kill('SIGKILL');

		await until(() => joined.settled, 'the parked join() to end', 20_000);
		const message = `join() on queue tasks cannot finish: consumer (pid ${pid}) died holding 1 unfinished task(s)`;
		const isAbandoned = (error: unknown) => error instanceof Abandoned && error.code === 'ABANDONED' && error.message === message;
		await assert.rejects(joined.promise, isAbandoned);
		const abandoned = run.sync({kind: 'queue', target: 'tasks', op: 'abandoned'});
		assert.equal(abandoned.length, 1);
		assert.equal(abandoned[0]!.deadPid, pid);
		assert.equal(abandoned[0]!.tasks, 1);
		assert.equal(await consumer.join(), -9);

		// The tasks still alive get done; the abandoned one never can, so join() fails at once, timed or not.
		for (let i = 0; i < 2; i++) {
			await queue.get();
			await queue.taskDone();
		}
		await assert.rejects(queue.join(), isAbandoned);
		await assert.rejects(queue.join({timeout: 20_000}), isAbandoned);
		assert.equal(run.sync({kind: 'queue', target: 'tasks', op: 'join-wait'}).length, 1, 'the later joins never waited');
	});

	test('more than 2 GiB put in one turn: the main process survives and the items arrive intact, in order, both ways', async () => {
		const count = 5;
		const size = 450 * MiB;
		// A program of its own: on failure it is that process that dies, not the test's.
		const child = spawn(process.execPath, [...bigBatch.execArgv, bigBatch.file, String(count), String(size)], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {...process.env, TMPDIR: os.tmpdir()},
		});
		const pids = new Set<number>([child.pid!]);
		const lines: Array<Record<string, unknown>> = [];
		let stderr = '';
		child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		readline.createInterface({input: child.stdout!}).on('line', text => {
			const line = JSON.parse(text) as Record<string, unknown>;
			for (const pid of (line.pids as number[] | undefined) ?? []) pids.add(pid);
			lines.push(line);
		});
		const bound = setTimeout(() => child.kill('SIGKILL'), 300_000);
		const [code, signal] = await new Promise<[number | null, string | null]>(resolve => child.once('close', (...result) => resolve(result)));
		clearTimeout(bound);
		try {
			assert.equal(code, 0, `the program ended with ${code ?? signal}; stderr:\n${stderr}`);
			const end = lines.at(-1)!;
			assert.equal(end.consumerCode, 0);
			assert.deepEqual(
				end.report,
				Array.from({length: count}, (_, i) => [size, i + 1, 100 + i, 255 - i]),
			);
		} finally {
			for (const pid of pids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
			await untilDead(pids, 'the big-batch processes to end');
			run.alsoDead.add(child.pid!);
		}
	});

	test('an item over 1 GiB fails put() in the putting process with a RangeError naming its size and the limit', async () => {
		const queue = new Queue({name: 'sizes'});
		const results = new Queue();
		const tooBig = /^cannot put an item of 1073741825 bytes into queue sizes: .*at most 1073741824 bytes/;
		await assert.rejects(queue.put(new Uint8Array(2 ** 30 + 1)), (error: unknown) => error instanceof RangeError && tooBig.test(error.message));
		const putter = new Process({module: fixtures.queueLimit, target: 'tryPut', args: [queue, 'oversized', results], name: 'putter'});
		await putter.start();
		const report = (await results.get({timeout: 60_000})) as {name: string; message: string} | null;
		assert.equal(report?.name, 'RangeError');
		assert.match(report.message, tooBig);
		assert.equal(await putter.join(), 0);
		assert.equal(await queue.qsize(), 0, 'nothing arrived');
	});

	test('an item nested 3000 levels deep fails put() with a TypeError naming the queue and the cause', async () => {
		const queue = new Queue({name: 'deep'});
		const results = new Queue();
		const tooDeep =
			/^cannot put a value of type object into queue deep: it is nested too deeply to be rebuilt in another process \(Maximum call stack size exceeded\)/;
		await assert.rejects(queue.put(nest(3000)), (error: unknown) => error instanceof TypeError && tooDeep.test(error.message));
		const putter = new Process({module: fixtures.queueLimit, target: 'tryPut', args: [queue, 'deep', results], name: 'putter'});
		await putter.start();
		const report = (await results.get({timeout: 60_000})) as {name: string; message: string} | null;
		assert.equal(report?.name, 'TypeError');
		assert.match(report.message, tooDeep);
		assert.equal(await putter.join(), 0);
		// A nested item the other side can rebuild still passes.
		await queue.put(nest(500));
		assert.deepEqual(await queue.get(), nest(500));
	});

	test('an item nested 100,000 levels deep (deeper than the search for primitives in it can go) fails put() with the same TypeError', async () => {
		const queue = new Queue({name: 'deeper'});
		await assert.rejects(
			queue.put(nest(100_000)),
			(error: unknown) =>
				error instanceof TypeError && /^cannot put a value of type object into queue deeper: .*\(Maximum call stack size exceeded\)/.test(error.message),
		);
		await queue.put(1);
		assert.equal(await queue.get(), 1, 'the queue stays usable');
	});

	test('an item that cannot be copied fails put() in its own process with a clear TypeError; the queue stays usable', async () => {
		const queue = new Queue({name: 'items'});
		const results = new Queue({name: 'results'});
		await assert.rejects(
			queue.put(() => 1),
			(error: Error) => error instanceof TypeError && /cannot put a function .* into queue items: it cannot be copied/.test(error.message),
		);
		const child = new Process({module: fixtures.queueLimit, target: 'putUncopyable', args: [queue, results], name: 'putter'});
		await child.start();
		const reports = (await results.get({timeout: 20_000})) as Array<{name: string; message: string; isTypeError: boolean} | null>;
		assert.equal(reports.length, 3, 'a report for each of the three items');
		assert.ok(
			reports.every(report => report?.isTypeError === true && report.name === 'TypeError'),
			JSON.stringify(reports),
		);
		assert.match(reports[0]!.message, /cannot put a function .* into queue items/);
		assert.match(reports[1]!.message, /cannot put a symbol/);
		assert.match(reports[2]!.message, /cannot put a value of type object .*cannot be copied to another process/);
		assert.equal(await queue.get({timeout: 20_000}), 'still usable');
		assert.equal(await child.join({timeout: 20_000}), 0, 'the putter handled the errors and ended normally');
		assert.equal(await queue.qsize(), 0, 'nothing bad reached the queue');
	});
});
