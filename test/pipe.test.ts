/**
 * Pipe across real processes (CPython's _TestConnection and _TestPoll, told
 * again): FIFO both ways, values that survive the copy, poll(), one-way
 * ends, EOFError once every holder of the other end closed it or ended,
 * closed ends, unserializable values, several senders on one end, one
 * receiver per end, and hangs explained. `npm test` runs this file watched
 * (messages through the broker) and again with the fast paths on (straight
 * over the socket).
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {Closed, type Connection, EOFError, Pipe, Process, Queue, ValueError} from '../src/index.ts';
import {HIGH_WATER} from '../src/primitives/connection-writer.ts';
import {blockedWaits, explainHang} from '../src/run/hang.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {useRun} from './support/use-run.ts';
import {settle, tracked, until} from './support/wait.ts';

const isEof = (error: unknown) => error instanceof EOFError && error.code === 'EOF';
const isValue = (error: unknown) => error instanceof ValueError && error.code === 'VALUE';
const isClosed = (error: unknown) => error instanceof Closed && error.code === 'CLOSED';

/** Values whose copies must come back equal: structured clone's types, and the ones that travel untagged. */
const values: unknown[] = [
	[1, 2.25, null],
	'hello world',
	'',
	'ünïcødé ✓ 𝄞',
	0,
	-0,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	2 ** 53 + 2,
	10n ** 30n,
	true,
	false,
	null,
	undefined,
	new Map<unknown, unknown>([
		[1, 'one'],
		['d', new Date(0)],
	]),
	new Set(['a', 'b']),
	new Uint8Array([0, 1, 255]),
	new Float64Array([1.5, -2]),
	{nested: {deep: [{x: 1}]}, when: new Date(86_400_000)},
];

describe('Pipe', () => {
	const run = useRun();

	test('send/recv are FIFO both ways through a child; every value survives the copy; poll() waits, and EOFError ends it', async () => {
		const [conn, childConn] = Pipe({name: 'echo-pipe'});
		const child = new Process({module: fixtures.pipe, target: 'echo', args: [childConn, '<stop>'], name: 'echoer'});
		await child.start();

		for (const value of values) {
			await conn.send(value);
			assert.deepEqual(await conn.recv(), value);
		}
		// Sent before any is received: they come back in order.
		for (let i = 0; i < 100; i++) await conn.send(i);
		for (let i = 0; i < 100; i++) assert.equal(await conn.recv(), i);

		// Nothing to receive: poll() looks without waiting, a negative timeout too; a timeout waits, then says no.
		assert.equal(await conn.poll(), false);
		assert.equal(await conn.poll({timeout: -1}), false);
		assert.equal(await conn.poll({timeout: 50}), false);
		await conn.send('ping');
		assert.equal(await conn.poll({timeout: 30_000}), true);
		assert.equal(await conn.poll(), true, 'polling takes nothing');
		assert.equal(await conn.recv(), 'ping');

		const big = 'X'.repeat(16 * 2 ** 20);
		await conn.send(big);
		assert.equal(await conn.recv(), big);

		await conn.send('<stop>');
		assert.equal(await child.join(), 0);
		// The child closed its copy and ended; main still holds one: no EOF until it closes it too, as in Python.
		assert.deepEqual(
			(await conn.info()).ends[1]!.holders.map(holder => holder.name),
			['main'],
		);
		await childConn.close();
		await assert.rejects(conn.recv(), isEof);
		assert.equal(await conn.poll(), true, 'at EOF poll() says recv() would not wait');
		await conn.close();
	});

	test('duplex false: the first end only receives, the second only sends', async () => {
		const [reader, writer] = Pipe({duplex: false});
		assert.deepEqual([reader.readable, reader.writable, writer.readable, writer.writable], [true, false, false, true]);
		await writer.send(1);
		assert.equal(await reader.recv(), 1);
		await assert.rejects(reader.send(2), isValue);
		await assert.rejects(writer.recv(), isValue);
		await assert.rejects(writer.poll(), isValue);

		const results = new Queue();
		const child = new Process({module: fixtures.pipe, target: 'receiveAll', args: [reader, results], name: 'reader'});
		await child.start();
		await reader.close();
		for (const value of ['a', 'b', 'c']) await writer.send(value);
		await writer.close();
		assert.deepEqual(await results.get({timeout: 30_000}), {got: ['a', 'b', 'c'], eof: true});
		assert.equal(await child.join(), 0);
	});

	test('an end closed in the parent right after start() stays open in the child', async () => {
		const [conn, childConn] = Pipe();
		const child = new Process({module: fixtures.pipe, target: 'echo', args: [childConn], name: 'echoer'});
		await child.start();
		await childConn.close();
		await conn.send('hello');
		assert.equal(await conn.recv(), 'hello');
		await conn.send(null);
		// The child closes its end after the sentinel: nobody holds it now.
		await assert.rejects(conn.recv(), isEof);
		assert.equal(await child.join(), 0);
	});

	test('a closed end refuses send, recv and poll with Closed; closing twice is harmless', async () => {
		const [a, b] = Pipe();
		await a.send(1729);
		assert.equal(await b.recv(), 1729);
		assert.equal(a.closed, false);
		await a.close();
		await a.close();
		assert.equal(a.closed, true);
		await assert.rejects(a.recv(), isClosed);
		await assert.rejects(a.send(1), isClosed);
		await assert.rejects(a.poll(), isClosed);
		await assert.rejects(b.recv(), isEof, 'main held the only copy of a');
		await b.close();
	});

	test('what cannot be copied fails send() in the sender with a TypeError; the pipe goes on', async () => {
		const [conn, childConn] = Pipe();
		await assert.rejects(
			conn.send(() => 1),
			(error: unknown) => error instanceof TypeError && /cannot send a function .* on pipe/.test((error as Error).message),
		);
		await assert.rejects(conn.send(Symbol('s')), TypeError);
		const results = new Queue<string[]>();
		const child = new Process({module: fixtures.pipe, target: 'sendUnserializable', args: [childConn, results], name: 'sender'});
		await child.start();
		await childConn.close();
		const errors = await results.get({timeout: 30_000});
		assert.equal(errors.length, 3);
		for (const error of errors) assert.match(error, /^TypeError: cannot send .* on pipe .*cannot be copied to another process/);
		assert.equal(await conn.recv(), 'after', 'nothing of the failed sends arrived');
		assert.equal(await child.join(), 0);
		await assert.rejects(conn.recv(), isEof);
	});

	test('EOFError after the last message once the holder of the other end exits without closing it, or is killed', async () => {
		const [conn, childConn] = Pipe();
		const child = new Process({module: fixtures.pipe, target: 'sendAll', args: [childConn, ['x', 'y', 'z'], false], name: 'sender'});
		await child.start();
		await childConn.close();
		assert.equal(await child.join(), 0);
		assert.deepEqual([await conn.recv(), await conn.recv(), await conn.recv()], ['x', 'y', 'z']);
		await assert.rejects(conn.recv(), isEof);

		const [conn2, childConn2] = Pipe();
		const victim = new Process({module: fixtures.pipe, target: 'sendThenHang', args: [childConn2, [1, 2, 3]], name: 'victim'});
		await victim.start();
		await childConn2.close();
		assert.deepEqual([await conn2.recv(), await conn2.recv(), await conn2.recv()], [1, 2, 3]);
		const pending = tracked(conn2.recv());
		victim.kill('SIGKILL');
		await assert.rejects(pending.promise, isEof);
		assert.equal(await victim.join(), -9);
	});

	test('two children sending on one end: every message arrives once, each sender in its own order', async () => {
		const count = 5000;
		const [conn, shared] = Pipe({name: 'fan-in'});
		const senders = [0, 1].map(i => new Process({module: fixtures.pipe, target: 'sendCount', args: [shared, count], name: `sender-${i}`}));
		for (const sender of senders) await sender.start();
		await shared.close();
		const got: number[] = [];
		try {
			for (;;) got.push(await conn.recv<number>());
		} catch (error) {
			assert.ok(isEof(error), String(error));
		}
		assert.equal(got.length, 2 * count);
		const seen = new Map<number, number>();
		for (const value of got) seen.set(value, (seen.get(value) ?? 0) + 1);
		for (let i = 0; i < count; i++) assert.equal(seen.get(i), 2, `${i} came once from each sender`);
		// Each sender's values rise; interleaved, the sequence splits into two rising runs at most per value.
		let rises = 0;
		for (let i = 1; i < got.length; i++) if (got[i]! < got[i - 1]!) rises++;
		assert.ok(rises <= got.length / 2, 'no sender reordered');
		for (const sender of senders) assert.equal(await sender.join(), 0);
	});

	test('poll() in a child takes nothing: main receives the messages after it ends', async () => {
		const [reader, writer] = Pipe({duplex: false});
		const results = new Queue<boolean>();
		const child = new Process({module: fixtures.pipe, target: 'pollOnly', args: [reader, 30_000, results], name: 'poller'});
		await child.start();
		await writer.send('first');
		await writer.send('second');
		await writer.close();
		assert.equal(await results.get({timeout: 30_000}), true);
		assert.equal(await child.join(), 0);
		assert.equal(await reader.recv(), 'first');
		assert.equal(await reader.recv(), 'second');
		await assert.rejects(reader.recv(), isEof);
	});

	test('one process receives on an end at a time: another waits until it lets go, then gets the rest in order', async () => {
		const [conn, childConn] = Pipe({name: 'claimed'});
		const results = new Queue();
		const child = new Process({module: fixtures.pipe, target: 'receiveOne', args: [childConn, results], name: 'reader'});
		await child.start();
		for (let bound = Date.now() + 30_000; (await conn.info()).ends[1]!.reader?.name !== 'reader'; ) {
			if (Date.now() > bound) assert.fail('the child never read its end');
			await new Promise(resolve => setTimeout(resolve, 5));
		}
		const mine = tracked(childConn.recv());
		await settle();
		assert.equal(mine.settled, false, 'main waits while the child reads');
		for (const value of ['one', 'two', 'three']) await conn.send(value);
		assert.equal(await results.get({timeout: 30_000}), 'one');
		assert.equal(await child.join(), 0);
		assert.equal(await mine.promise, 'two', 'what the child did not take came to main, in order');
		assert.equal(await childConn.recv(), 'three');
		await conn.close();
		await assert.rejects(childConn.recv(), isEof);
	});

	test('a child sending 300 × 1 MiB with nobody reading waits in send(): what waits in main stays near the limit; then main reads all 300 in order', async () => {
		const count = 300;
		const size = 2 ** 20;
		const [conn, childConn] = Pipe({name: 'flood'});
		const child = new Process({module: fixtures.pipe, target: 'sendSized', args: [childConn, count, size], name: 'flooder'});
		await child.start();
		await childConn.close();
		const runNow = Run.current();
		// What a sender may have sent before it asks whether to wait, on top of the limit; one message more.
		const bound = 2 * HIGH_WATER + size + 64;
		const queued = () => runNow.broker.info(conn.handle.pipe ?? conn.handle.id, 'connection').ends[0]!;
		const parked = () => runNow.broker.waiting().some(waiter => waiter.peer.name === 'flooder' && waiter.call === 'connection.send()');
		await until(() => parked() || queued().queuedBytes > bound, 'the sender to wait, or to pass the bound', 60_000);
		assert.ok(parked(), 'the sender waits in connection.send()');
		const before = queued();
		assert.ok(before.queuedBytes > HIGH_WATER, `more than the limit is queued (${before.queuedBytes})`);
		assert.ok(before.queuedBytes <= bound, `${before.queuedBytes} bytes queued for main, bound ${bound}`);
		await settle();
		assert.equal(queued().queued, before.queued, 'nothing more arrives while it waits');
		for (let i = 0; i < count; i++) {
			const got = await conn.recv<string>();
			assert.equal(got.length, `${i}:`.length + size, `message ${i} whole`);
			assert.ok(got.startsWith(`${i}:`), `message ${i} in order, got ${got.slice(0, 8)}`);
			assert.ok(queued().queuedBytes <= bound, `at message ${i}: ${queued().queuedBytes} bytes queued`);
		}
		await assert.rejects(conn.recv(), isEof, 'each message came once, then EOF');
		assert.equal(await child.join(), 0);
		if (!runNow.broker.fast) {
			const waits = run.sync({kind: 'connection', target: 'flood'}).filter(event => event.op === 'send-wait');
			assert.ok(waits.length >= 1 && waits.every(event => event.proc === 'flooder'), 'the waits show as send-wait events of the sender');
		}
	});

	test('hang explained: a child waiting in send() while main holds the other end unread and waits in join(); main closing it lets the child go on', async () => {
		const [conn, childConn] = Pipe({name: 'unread'});
		const child = new Process({module: fixtures.pipe, target: 'sendSized', args: [childConn, 50, 2 ** 20], name: 'sender'});
		await child.start();
		await childConn.close();
		const runNow = Run.current();
		const joined = child.join();
		try {
			await until(() => blockedWaits(runNow) !== null, 'every live process to be blocked', 60_000);
			const text = explainHang(runNow, blockedWaits(runNow)!).join('\n');
			assert.match(
				text,
				/sender \(pid \d+\) is blocked in connection\.send\(\) on end 1 of pipe "unread": \d+\.\d MiB unread; nobody reads the other end, held by main \(pid \d+\), itself blocked in process\.join\(\)/,
			);
			assert.match(
				explainHang(runNow, blockedWaits(runNow)!, 'zh').join('\n'),
				/sender \(进程号 \d+\) 阻塞在 connection\.send\(\): 管道 "unread" 的第 1 端有 \d+\.\d MiB 未被读取/,
			);
		} finally {
			await conn.close();
		}
		// Nobody can read the end now: the rest of the sends go on (and are lost, as on a closed socket), and the child ends.
		assert.equal(await joined, 0);
		assert.equal(runNow.broker.info(conn.handle.pipe ?? conn.handle.id, 'connection').ends[0]!.queuedBytes, 0, 'nothing kept for an end nobody holds');
	});

	test('watched: each message shows as a send and a recv, kind connection; a wait as recv-wait; closes as close', async t => {
		if (Run.current().broker.fast) return t.skip('with the fast paths on, messages go straight over the socket, unseen');
		const [conn, childConn] = Pipe({name: 'seen'});
		const child = new Process({module: fixtures.pipe, target: 'echo', args: [childConn], name: 'echoer'});
		await child.start();
		await childConn.close();
		for (let i = 0; i < 5; i++) {
			await conn.send(i);
			assert.equal(await conn.recv(), i);
		}
		await conn.send(null);
		assert.equal(await child.join(), 0);
		const seen = run.sync({kind: 'connection', target: 'seen'});
		const count = (op: string, proc: string) =>
			seen.filter(event => event.op === op && event.proc === proc).reduce((sum, event) => sum + ((event.n as number | undefined) ?? 1), 0);
		assert.equal(count('send', 'main'), 6);
		assert.equal(count('send', 'echoer'), 5);
		assert.equal(count('recv', 'main'), 5);
		assert.equal(count('recv', 'echoer'), 6);
		assert.ok(count('recv-wait', 'main') >= 1, 'main waited for an answer');
		assert.deepEqual(
			seen.filter(event => event.op === 'close').map(event => `${event.proc}:${event.end}`),
			['main:1', 'echoer:1'],
		);
		await conn.close();
	});

	test('hang explained: a child waiting in recv() while main, the only other holder, waits in join()', async () => {
		const [conn, childConn] = Pipe({name: 'silent'});
		const child = new Process({module: fixtures.pipe, target: 'recvForever', args: [childConn], name: 'listener'});
		await child.start();
		await childConn.close();
		const runNow = Run.current();
		const joined = child.join();
		try {
			await until(() => blockedWaits(runNow) !== null, 'every live process to be blocked', 60_000);
			const text = explainHang(runNow, blockedWaits(runNow)!).join('\n');
			assert.match(
				text,
				/listener \(pid \d+\) is blocked in connection\.recv\(\) on end 1 of pipe "silent"; the other end is held by main \(pid \d+\), itself blocked in process\.join\(\)/,
			);
		} finally {
			await conn.close();
		}
		// Main closed the other end: the child's recv() ends with EOFError, and the child with it.
		assert.equal(await joined, 3);
	});

	test('hang explained: main waiting in recv() on one end while it still holds the other', async () => {
		const [conn, childConn] = Pipe({name: 'kept'});
		const child = new Process({module: fixtures.pipe, target: 'sendAll', args: [childConn, ['only'], true], name: 'sender'});
		await child.start();
		assert.equal(await child.join(), 0);
		assert.equal(await conn.recv(), 'only');
		const runNow = Run.current();
		const pending = tracked(conn.recv());
		await until(() => blockedWaits(runNow) !== null, 'main to be blocked', 60_000);
		const text = explainHang(runNow, blockedWaits(runNow)!).join('\n');
		assert.match(text, /main \(pid \d+\) is blocked in connection\.recv\(\) on end 0 of pipe "kept"; the other end is held by main \(pid \d+\) itself/);
		await childConn.close();
		await assert.rejects(pending.promise, isEof);
	});
});

export type {Connection};
