/**
 * Pipe with nobody watching the run, so messages go straight over the Unix
 * socket the reader listens on: order both ways, a long stream, the hand-over
 * of an end from a reader that ends mid-stream to the next, and EOF. The run
 * must leave no process and no folder behind.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import {EOFError, Pipe, Process, Queue} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {endUnwatchedRun} from './support/use-run.ts';

async function drain(conn: ReturnType<typeof Pipe>[0]): Promise<unknown[]> {
	const got: unknown[] = [];
	try {
		for (;;) got.push(await conn.recv());
	} catch (error) {
		assert.ok(error instanceof EOFError, String(error));
	}
	return got;
}

test('unwatched: echo both ways in order, then a 20,000-message stream each way, straight over the sockets', async () => {
	const run = Run.current();
	assert.equal(run.broker.fast, true, 'nobody watches this run');
	const [conn, childConn] = Pipe({name: 'direct'});
	const echo = new Process({module: fixtures.pipe, target: 'echo', args: [childConn], name: 'echoer'});
	await echo.start();
	await childConn.close();
	for (let i = 0; i < 500; i++) {
		await conn.send({i, text: `m${i}`});
		assert.deepEqual(await conn.recv(), {i, text: `m${i}`});
	}
	// Both ends have their reader listening on a socket in the run's folder.
	assert.equal(fs.readdirSync(run.dir).filter(name => name.endsWith('.sock') && name.startsWith('pipe')).length, 2);
	await conn.send(null);
	assert.equal(await echo.join(), 0);
	await assert.rejects(conn.recv(), EOFError);

	const count = 20_000;
	const [fromChild, childEnd] = Pipe({duplex: false});
	const sender = new Process({module: fixtures.pipe, target: 'sendCount', args: [childEnd, count], name: 'sender'});
	await sender.start();
	await childEnd.close();
	const got = await drain(fromChild);
	assert.deepEqual(
		got,
		Array.from({length: count}, (_, i) => i),
	);
	assert.equal(await sender.join(), 0);

	const [toChild, writer] = Pipe({duplex: false});
	const results = new Queue<{got: number[]; eof: boolean}>();
	const receiver = new Process({module: fixtures.pipe, target: 'receiveAll', args: [toChild, results], name: 'receiver'});
	await receiver.start();
	await toChild.close();
	for (let i = 0; i < count; i++) await writer.send(i);
	await writer.close();
	const report = await results.get({timeout: 60_000});
	assert.equal(report.eof, true);
	assert.deepEqual(
		report.got,
		Array.from({length: count}, (_, i) => i),
	);
	assert.equal(await receiver.join(), 0);
	await endUnwatchedRun(run, [echo, sender, receiver]);
});

test('unwatched: a reader that ends mid-stream hands the rest over; the next reader gets every message once, in order', async () => {
	const run = Run.current();
	const count = 5000;
	const taken = 1000;
	const [reader, writer] = Pipe({duplex: false, name: 'hand-over'});
	const results = new Queue<number[]>();
	const first = new Process({module: fixtures.pipe, target: 'receiveSome', args: [reader, taken, results], name: 'first-reader'});
	await first.start();
	// main keeps its copy of the reading end: it reads the rest once the child is gone. Yielding now and
	// then lets the broker's answer in, so most messages go straight to the child, and some are on their
	// way when it stops reading.
	for (let i = 0; i < count; i++) {
		await writer.send(i);
		if (i % 100 === 99) await new Promise(resolve => setImmediate(resolve));
	}
	const firstGot = await results.get({timeout: 60_000});
	assert.equal(await first.join(), 0);
	await writer.close();
	const rest = (await drain(reader)) as number[];
	assert.deepEqual(
		firstGot,
		Array.from({length: taken}, (_, i) => i),
	);
	assert.deepEqual(
		rest,
		Array.from({length: count - taken}, (_, i) => taken + i),
	);
	await endUnwatchedRun(run, [first]);
});

test('unwatched: a reader that ends while its sender is busy (not yet told) loses nothing; the next reader gets the rest in order', async () => {
	const run = Run.current();
	const count = 5000;
	const taken = 1000;
	const [reader, writer] = Pipe({duplex: false, name: 'busy-sender'});
	const results = new Queue<string[]>();
	const first = new Process({module: fixtures.pipe, target: 'receiveSome', args: [reader, taken, results], name: 'first-reader'});
	// The first `taken` messages go paced over the reader's socket; the rest in one go, then the sender's
	// event loop stays busy for longer than a moment, so it hears late that the reader let go.
	const sender = new Process({module: fixtures.pipe, target: 'sendThenBusy', args: [writer, count, taken, 1000, 4000], name: 'busy-sender'});
	await first.start();
	await sender.start();
	await writer.close();
	const firstGot = await results.get({timeout: 60_000});
	assert.equal(await first.join(), 0);
	const rest = (await drain(reader)) as string[];
	assert.equal(await sender.join(), 0);
	assert.deepEqual(
		[...firstGot, ...rest].map(message => Number(message.slice(0, message.indexOf(':')))),
		Array.from({length: count}, (_, i) => i),
	);
	await endUnwatchedRun(run, [first, sender]);
});
