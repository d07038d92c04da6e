import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {formatOwner, startTimeOf} from '../../src/ipc/owner.ts';
import {fakeBroker} from './fake.ts';

// The broker's units on their own: operations in, replies and events out, no process started.

describe('queue unit', () => {
	test('a bounded queue parks the put that would overflow it and admits it when a get makes room, in order', () => {
		const {peer, register} = fakeBroker();
		const q = register({__sync: 'queue', id: 'queue#1', name: 'q', maxsize: 2});
		const producer = peer('producer');
		const consumer = peer('consumer');
		const puts = ['a', 'b', 'c'].map(item => producer.op({op: 'queue.put', target: q.id, items: [item]}));
		assert.deepEqual(puts.slice(0, 2).map(req => producer.reply(req)?.ok), [true, true]);
		assert.equal(producer.reply(puts[2]!), undefined, 'the third put waits');
		const got = consumer.op({op: 'queue.get', target: q.id});
		assert.deepEqual(consumer.reply(got), {req: got, ok: true, items: ['a']});
		assert.equal(producer.reply(puts[2]!)?.ok, true, 'the get made room');
		const rest = [consumer.op({op: 'queue.get', target: q.id}), consumer.op({op: 'queue.get', target: q.id})];
		assert.deepEqual(rest.map(req => (consumer.reply(req) as {items: unknown[]}).items), [['b'], ['c']]);
	});

	test('a getter that exits leaves the line: the next item goes to the one behind it', () => {
		const {broker, peer, register} = fakeBroker();
		const q = register({__sync: 'queue', id: 'queue#1', name: 'q'});
		const first = peer('first');
		const second = peer('second');
		first.op({op: 'queue.get', target: q.id});
		const waiting = second.op({op: 'queue.get', target: q.id});
		broker.peerExited(first);
		peer('producer').op({op: 'queue.put', target: q.id, items: [1]}, true);
		assert.deepEqual(second.reply(waiting), {req: waiting, ok: true, items: [1]});
		assert.deepEqual(first.replies, []);
	});

	test('nowait fails at once with FULL or EMPTY; a timed get fails with TIMEOUT and leaves its line', async () => {
		const {broker, events, peer, register} = fakeBroker();
		const q = register({__sync: 'queue', id: 'queue#1', name: 'q', maxsize: 1});
		const p = peer('p');
		const empty = p.op({op: 'queue.get', target: q.id, nowait: true});
		assert.equal((p.reply(empty) as {code: string}).code, 'EMPTY');
		p.op({op: 'queue.put', target: q.id, items: [1]});
		const full = p.op({op: 'queue.put', target: q.id, items: [2], nowait: true});
		assert.equal((p.reply(full) as {code: string}).code, 'FULL');
		p.op({op: 'queue.get', target: q.id});
		const timed = p.op({op: 'queue.get', target: q.id, timeout: 5});
		await new Promise(resolve => setTimeout(resolve, 20));
		assert.equal((p.reply(timed) as {code: string}).code, 'TIMEOUT');
		assert.equal(events.filter(event => event.op === 'timeout' && event.call === 'get').length, 1);
		assert.deepEqual(broker.waiting(), [], 'nothing left parked');
	});

	test('a process that exits holding tasks of a joinable queue is reported', () => {
		const {broker, events, peer, register} = fakeBroker();
		const q = register({__sync: 'queue', id: 'queue#1', name: 'q', joinable: true});
		const consumer = peer('consumer', 4242);
		peer('producer').op({op: 'queue.put', target: q.id, items: [1, 2]}, true);
		consumer.op({op: 'queue.get', target: q.id});
		broker.peerExited(consumer);
		const abandoned = events.filter(event => event.op === 'abandoned');
		assert.equal(abandoned.length, 1);
		assert.equal(abandoned[0]!.deadPid, 4242);
		assert.equal(abandoned[0]!.tasks, 1);
		assert.equal(broker.info(q.id, 'queue').unfinished, 2);
	});

	test('join() fails with ABANDONED once a process died holding tasks: the waiting one and every later one', () => {
		const {broker, peer, register} = fakeBroker();
		const q = register({__sync: 'queue', id: 'queue#1', name: 'q', joinable: true});
		const consumer = peer('consumer', 4242);
		const main = peer('main');
		main.op({op: 'queue.put', target: q.id, items: [1]}, true);
		consumer.op({op: 'queue.get', target: q.id});
		const waiting = main.op({op: 'queue.join', target: q.id});
		assert.equal(main.reply(waiting), undefined);
		broker.peerExited(consumer);
		const later = main.op({op: 'queue.join', target: q.id});
		for (const req of [waiting, later]) {
			const reply = main.reply(req) as {code: string; message: string};
			assert.equal(reply.code, 'ABANDONED');
			assert.match(reply.message, /join\(\) on queue q cannot finish: consumer \(pid 4242\) died holding 1 unfinished task/);
		}
	});
});

describe('semaphore unit', () => {
	test('permits of a holder that exits come back and go to the next waiter', () => {
		const {broker, events, peer, register} = fakeBroker();
		const s = register({__sync: 'semaphore', id: 'semaphore#1', name: 's'}, 1);
		const holder = peer('holder');
		const waiter = peer('waiter');
		const taken = holder.op({op: 'semaphore.acquire', target: s.id});
		assert.deepEqual(holder.reply(taken), {req: taken, ok: true, lease: 0});
		const waits = waiter.op({op: 'semaphore.acquire', target: s.id});
		assert.equal(waiter.reply(waits), undefined);
		broker.peerExited(holder);
		assert.equal(events.filter(event => event.op === 'recovered' && event.permits === 1).length, 1);
		assert.equal(waiter.reply(waits)?.ok, true);
		assert.deepEqual(broker.info(s.id, 'semaphore'), {value: 0, initial: 1, peak: 1});
	});

	test('fast paths on: a free permit comes with an unbounded lease, a waited-for one with a short lease', () => {
		const {peer, register} = fakeBroker({fastPaths: true});
		const s = register({__sync: 'semaphore', id: 'semaphore#1', name: 's'}, 1);
		const a = peer('a');
		const b = peer('b');
		const first = a.op({op: 'semaphore.acquire', target: s.id});
		assert.equal((a.reply(first) as {lease: number}).lease, Infinity);
		const second = b.op({op: 'semaphore.acquire', target: s.id});
		a.op({op: 'semaphore.release', target: s.id, n: 1}, true);
		const lease = (b.reply(second) as {lease: number}).lease;
		assert.ok(lease > 0 && Number.isFinite(lease), `a short lease, got ${lease}`);
	});
});

describe('event unit', () => {
	test('set wakes every waiter; after clear, a wait with timeout 0 fails with TIMEOUT', () => {
		const {peer, register} = fakeBroker();
		const e = register({__sync: 'event', id: 'event#1', name: 'e'});
		const waiters = [peer('a'), peer('b')];
		const reqs = waiters.map(p => p.op({op: 'event.wait', target: e.id}));
		assert.deepEqual(waiters.map((p, i) => p.reply(reqs[i]!)), [undefined, undefined]);
		peer('setter').op({op: 'event.set', target: e.id}, true);
		assert.deepEqual(waiters.map((p, i) => p.reply(reqs[i]!)?.ok), [true, true]);
		waiters[0]!.op({op: 'event.clear', target: e.id}, true);
		const late = waiters[0]!.op({op: 'event.wait', target: e.id, timeout: 0});
		assert.equal((waiters[0]!.reply(late) as {code: string}).code, 'TIMEOUT');
	});
});

describe('lock unit', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'units-lock-'));
	after(() => fs.rmSync(dir, {recursive: true, force: true}));

	test('a waiter parks while the owner lives, and is woken when the file is gone', () => {
		const {peer, register} = fakeBroker();
		const l = register({__sync: 'lock', id: 'lock#1', name: 'l', path: path.join(dir, 'live.lock')});
		const holder = peer('holder', process.pid);
		fs.writeFileSync(l.path!, formatOwner({pid: process.pid, start: startTimeOf(process.pid) ?? '-', name: 'holder'}));
		holder.op({op: 'lock.acquired', target: l.id}, true);
		const waiter = peer('waiter');
		const waits = waiter.op({op: 'lock.wait', target: l.id});
		assert.equal(waiter.reply(waits), undefined, 'parked while the holder lives');
		fs.unlinkSync(l.path!);
		holder.op({op: 'lock.released', target: l.id}, true);
		assert.equal(waiter.reply(waits)?.ok, true, 'woken to try again');
	});

	test('the lock of an owner that died is recovered, and reported', () => {
		const {events, peer, register} = fakeBroker();
		const l = register({__sync: 'lock', id: 'lock#1', name: 'l', path: path.join(dir, 'dead.lock')});
		// A pid far above any pid_max: no such process.
		fs.writeFileSync(l.path!, formatOwner({pid: 2 ** 30, start: '1', name: 'ghost'}));
		const waiter = peer('waiter');
		const waits = waiter.op({op: 'lock.wait', target: l.id});
		assert.equal(waiter.reply(waits)?.ok, true);
		assert.equal(fs.existsSync(l.path!), false, 'the dead owner\'s file is gone');
		assert.equal(events.filter(event => event.op === 'recovered' && event.deadProc === 'ghost').length, 1);
	});
});
