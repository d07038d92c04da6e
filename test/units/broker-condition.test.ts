/**
 * The broker's condition unit, the lock unit serving an RLock, and a bounded
 * semaphore, on their own: operations in, replies and events out, no process
 * started (test/condition.test.ts, rlock.test.ts and bounded-semaphore.test.ts
 * check the same through real processes). Lock files live in a scratch folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {formatOwner, startTimeOf} from '../../src/ipc/owner.ts';
import type {Handle} from '../../src/ipc/protocol.ts';
import {fakeBroker} from '../support/fake-broker.ts';
import {until} from '../support/wait.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'units-condition-'));
after(() => fs.rmSync(dir, {recursive: true, force: true}));

/** A record as a living process (this one) would write it, under `name`, with an RLock's depth if given. */
const record = (name: string, depth?: number) =>
	formatOwner({pid: process.pid, start: startTimeOf(process.pid) ?? '-', name, ...(depth === undefined ? {} : {depth})});

/** A condition with an RLock, and peers named as asked; the first holds the lock (its record at the lock path, with this process's pid). */
function setUp(file: string, ...names: string[]) {
	const fake = fakeBroker();
	const lock: Handle = {__sync: 'rlock', id: 'rlock#1', name: 'l', path: path.join(dir, file)};
	fake.register(lock);
	const cond = fake.register({__sync: 'condition', id: 'condition#1', name: 'c', lock});
	const [holder, ...others] = names.map((name, i) => fake.peer(name, i === 0 ? process.pid : undefined));
	return {...fake, lock, cond, holder: holder!, others};
}

describe('condition unit', () => {
	test('wait() puts the waiter in line, then frees its lock: the file goes, a release is reported, the first lock waiter is woken', () => {
		const {broker, events, lock, cond, holder, others} = setUp('handover.lock', 'waiter', 'next');
		fs.writeFileSync(lock.path!, record('waiter', 2));
		assert.deepEqual(broker.info(lock.id, 'rlock').holder, {name: 'waiter', pid: process.pid, depth: 2});
		const next = others[0]!;
		const lockWait = next.op({op: 'rlock.wait', target: lock.id});
		assert.equal(next.reply(lockWait), undefined, 'the lock is held');
		const waits = holder.op({op: 'condition.wait', target: cond.id});
		assert.equal(holder.reply(waits), undefined, 'the waiter parks');
		assert.equal(fs.existsSync(lock.path!), false, 'its lock file is gone');
		assert.equal(next.reply(lockWait)?.ok, true, 'the lock waiter is woken');
		assert.deepEqual(
			events.map(event => [event.proc, event.kind, event.op]),
			[
				['next', 'rlock', 'acquire'],
				['waiter', 'condition', 'wait'],
				['waiter', 'rlock', 'release'],
			],
		);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 1, waking: 0});
		assert.deepEqual(
			broker.waiting().map(waiter => [waiter.peer.name, waiter.call]),
			[['waiter', 'condition.wait()']],
		);
	});

	test('a lock file that is not the waiter’s own stays', () => {
		const {lock, cond, holder} = setUp('foreign.lock', 'waiter');
		fs.writeFileSync(lock.path!, formatOwner({pid: 2 ** 30, start: '1', name: 'someone'}));
		holder.op({op: 'condition.wait', target: cond.id});
		assert.equal(fs.existsSync(lock.path!), true);
		fs.unlinkSync(lock.path!);
	});

	test('notify(n) wakes exactly n, first come first served; returned ends their waking; notify(all) the rest', () => {
		const {broker, events, cond, holder, others} = setUp('notify.lock', 'notifier', 'a', 'b', 'c', 'd');
		const reqs = others.map(peer => peer.op({op: 'condition.wait', target: cond.id}));
		holder.op({op: 'condition.notify', target: cond.id, n: 2}, true);
		assert.deepEqual(
			others.map((peer, i) => peer.reply(reqs[i]!)?.ok),
			[true, true, undefined, undefined],
		);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 2, waking: 2});
		for (const peer of others.slice(0, 2)) peer.op({op: 'condition.returned', target: cond.id}, true);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 2, waking: 0});
		holder.op({op: 'condition.notify', target: cond.id, n: 'all'}, true);
		assert.deepEqual(
			others.map((peer, i) => peer.reply(reqs[i]!)?.ok),
			[true, true, true, true],
		);
		assert.deepEqual(
			events.filter(event => event.op === 'notify').map(event => [event.n, event.woken]),
			[
				[2, 2],
				['all', 2],
			],
		);
	});

	test('a timed wait runs out with TIMEOUT and cannot be notified after', async () => {
		const {broker, cond, holder, others} = setUp('timed.lock', 'notifier', 'timed');
		const timed = others[0]!;
		const req = timed.op({op: 'condition.wait', target: cond.id, timeout: 5});
		await until(() => timed.reply(req) !== undefined, 'the timed wait to end');
		assert.equal((timed.reply(req) as {code: string}).code, 'TIMEOUT');
		holder.op({op: 'condition.notify', target: cond.id, n: 1}, true);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 0, waking: 0});
	});

	test('a waiter that exits in line leaves it; one that exits notified passes its notify to the next', () => {
		const {broker, events, cond, holder, others} = setUp('dead.lock', 'notifier', 'a', 'b', 'c');
		const [a, b, c] = others as [(typeof others)[0], (typeof others)[0], (typeof others)[0]];
		const reqs = [a, b, c].map(peer => peer.op({op: 'condition.wait', target: cond.id}));
		broker.peerExited(b);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 2, waking: 0});
		holder.op({op: 'condition.notify', target: cond.id, n: 1}, true);
		assert.equal(a.reply(reqs[0]!)?.ok, true);
		broker.peerExited(a);
		assert.equal(c.reply(reqs[2]!)?.ok, true, 'c got the notify a took with it');
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 0, waking: 1});
		assert.deepEqual(
			events.filter(event => event.op === 'passed-on').map(event => [event.deadProc, event.to]),
			[['a', 'c']],
		);
	});
});

describe('lock unit serving an RLock', () => {
	test('events and waits are the rlock’s, and info() reads the depth from the record', () => {
		const {broker, events, peer, register} = fakeBroker();
		const r = register({__sync: 'rlock', id: 'rlock#1', name: 'r', path: path.join(dir, 'r.lock')});
		fs.writeFileSync(r.path!, record('holder', 4));
		peer('holder', process.pid).op({op: 'rlock.acquired', target: r.id}, true);
		const waiter = peer('waiter');
		waiter.op({op: 'rlock.wait', target: r.id});
		assert.deepEqual(broker.info(r.id, 'rlock'), {path: r.path, holder: {name: 'holder', pid: process.pid, depth: 4}, unknown: null, waiting: 1});
		assert.deepEqual(
			broker.waiting().map(w => w.call),
			['rlock.acquire()'],
		);
		assert.deepEqual(
			events.map(event => [event.kind, event.op]),
			[
				['rlock', 'acquired'],
				['rlock', 'acquire'],
			],
		);
		broker.close();
		fs.unlinkSync(r.path!);
	});
});

describe('bounded semaphore unit', () => {
	test('a release beyond the initial value fails with VALUE; one by a process holding nothing gives back another’s permit; no lease even with fast paths on', () => {
		const {broker, events, peer, register} = fakeBroker({fastPaths: true});
		const s = register({__sync: 'semaphore', id: 'semaphore#1', name: 's', bounded: true}, 2);
		const holder = peer('holder');
		const other = peer('other');
		const taken = holder.op({op: 'semaphore.acquire', target: s.id});
		assert.deepEqual(holder.reply(taken), {req: taken, ok: true, lease: 0});
		const foreign = other.op({op: 'semaphore.release', target: s.id, n: 1});
		assert.equal(other.reply(foreign)?.ok, true, 'within the bound, as in Python');
		const extra = holder.op({op: 'semaphore.release', target: s.id, n: 1});
		assert.equal((holder.reply(extra) as {code: string}).code, 'VALUE');
		broker.peerExited(holder);
		assert.deepEqual(
			events.filter(event => event.op === 'recovered'),
			[],
			'its permit was given back already',
		);
		assert.deepEqual(broker.info(s.id, 'semaphore'), {value: 2, initial: 2, peak: 1});
	});
});
