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

/** A file's `dev:ino`, as a waiter names its owner record. */
function identity(file: string): string {
	const {dev, ino} = fs.lstatSync(file, {bigint: true});
	return `${dev}:${ino}`;
}

/** What a waiter that holds no lock file names as its record. */
const NO_RECORD = '0:0';

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
		const waits = holder.op({op: 'condition.wait', target: cond.id, record: identity(lock.path!)});
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
		const {events, lock, cond, holder} = setUp('foreign.lock', 'waiter');
		fs.writeFileSync(lock.path!, formatOwner({pid: 2 ** 30, start: '1', name: 'someone'}));
		const own = path.join(dir, 'own-record');
		fs.writeFileSync(own, record('waiter'));
		holder.op({op: 'condition.wait', target: cond.id, record: identity(own)});
		assert.equal(fs.existsSync(lock.path!), true);
		assert.deepEqual(
			events.filter(event => event.op === 'release'),
			[],
		);
		fs.unlinkSync(lock.path!);
	});

	test('notify(n) moves exactly n waiters to the lock’s line, first come first served, answered one by one as the lock frees; notify(all) the rest', () => {
		const {broker, events, lock, cond, holder, others} = setUp('notify.lock', 'notifier', 'a', 'b', 'c', 'd');
		const reqs = others.map(peer => peer.op({op: 'condition.wait', target: cond.id, record: NO_RECORD}));
		fs.writeFileSync(lock.path!, record('notifier', 1));
		holder.op({op: 'condition.notify', target: cond.id, n: 2}, true);
		const calls = () => broker.waiting().map(waiter => `${waiter.peer.name} ${waiter.call}`);
		assert.deepEqual(calls(), ['a rlock.acquire()', 'b rlock.acquire()', 'c condition.wait()', 'd condition.wait()']);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 2, waking: 2});
		const answered = () => others.map((peer, i) => peer.reply(reqs[i]!)?.ok ?? false);
		assert.deepEqual(answered(), [false, false, false, false], 'the notifier holds the lock');
		fs.unlinkSync(lock.path!);
		holder.op({op: 'rlock.released', target: lock.id}, true);
		assert.deepEqual(answered(), [true, false, false, false], 'the first, once the lock is free');
		others[0]!.op({op: 'condition.returned', target: cond.id}, true);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 2, waking: 1});
		holder.op({op: 'condition.notify', target: cond.id, n: 'all'}, true);
		assert.deepEqual(
			events.filter(event => event.op === 'notify').map(event => [event.n, event.woken]),
			[
				[2, 2],
				['all', 2],
			],
		);
		assert.deepEqual(calls(), ['b rlock.acquire()', 'c rlock.acquire()', 'd rlock.acquire()']);
		broker.close();
	});

	test('a notified waiter moves to the lock’s line: its wait() is answered once the notifier frees the lock, and no timeout applies any more', async () => {
		const {broker, events, lock, cond, holder, others} = setUp('morph.lock', 'notifier', 'waiter');
		const waiter = others[0]!;
		const req = waiter.op({op: 'condition.wait', target: cond.id, record: NO_RECORD, timeout: 20});
		fs.writeFileSync(lock.path!, record('notifier', 1));
		holder.op({op: 'rlock.acquired', target: lock.id}, true);
		holder.op({op: 'condition.notify', target: cond.id, n: 1}, true);
		assert.equal(waiter.reply(req), undefined, 'not answered while the notifier holds the lock');
		assert.deepEqual(
			broker.waiting().map(w => [w.peer.name, w.call, w.target, (w.op as {condition?: string}).condition]),
			[['waiter', 'rlock.acquire()', 'l', 'c']],
		);
		await new Promise(resolve => setTimeout(resolve, 40));
		assert.equal(waiter.reply(req), undefined, 'the wait’s timeout no longer applies');
		fs.unlinkSync(lock.path!);
		holder.op({op: 'rlock.released', target: lock.id}, true);
		assert.deepEqual(waiter.reply(req), {req, ok: true}, 'answered once the lock is free');
		assert.deepEqual(
			events.filter(event => event.proc === 'waiter').map(event => [event.kind, event.op]),
			[
				['condition', 'wait'],
				['condition', 'woke'],
				['rlock', 'acquire'],
			],
		);
	});

	test('a timed wait runs out with TIMEOUT and cannot be notified after', async () => {
		const {broker, cond, holder, others} = setUp('timed.lock', 'notifier', 'timed');
		const timed = others[0]!;
		const req = timed.op({op: 'condition.wait', target: cond.id, record: NO_RECORD, timeout: 5});
		await until(() => timed.reply(req) !== undefined, 'the timed wait to end');
		assert.equal((timed.reply(req) as {code: string}).code, 'TIMEOUT');
		holder.op({op: 'condition.notify', target: cond.id, n: 1}, true);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 0, waking: 0});
	});

	test('a waiter that exits in line leaves it; one that exits notified passes its notify to the next', () => {
		const {broker, events, lock, cond, holder, others} = setUp('dead.lock', 'notifier', 'a', 'b', 'c');
		const [a, b, c] = others as [(typeof others)[0], (typeof others)[0], (typeof others)[0]];
		const reqs = [a, b, c].map(peer => peer.op({op: 'condition.wait', target: cond.id, record: NO_RECORD}));
		broker.peerExited(b);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 2, waking: 0});
		fs.writeFileSync(lock.path!, record('notifier', 1));
		holder.op({op: 'condition.notify', target: cond.id, n: 1}, true);
		broker.peerExited(a);
		assert.deepEqual(broker.info(cond.id, 'condition'), {waiting: 0, waking: 1}, 'c has the notify a took with it');
		assert.deepEqual(
			events.filter(event => event.op === 'passed-on').map(event => [event.deadProc, event.to]),
			[['a', 'c']],
		);
		assert.equal(c.reply(reqs[2]!), undefined, 'c waits for the lock the notifier holds');
		fs.unlinkSync(lock.path!);
		holder.op({op: 'rlock.released', target: lock.id}, true);
		assert.equal(c.reply(reqs[2]!)?.ok, true);
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
