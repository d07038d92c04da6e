/**
 * The broker's lock unit on its own: operations in, replies and events out,
 * no process started (test/lock.test.ts and lockfile.test.ts check the same
 * through real processes). The lock files live in a scratch folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {formatOwner, startTimeOf} from '../../src/ipc/owner.ts';
import {fakeBroker} from '../support/fake-broker.ts';
import {until} from '../support/wait.ts';

/** A pid far above any pid_max: no such process. */
const NO_PID = 2 ** 30;

describe('lock unit', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'units-lock-'));
	after(() => fs.rmSync(dir, {recursive: true, force: true}));

	/** A lock held by this (living) process as its file records it, and a second peer waiting for it at the broker. */
	function heldWithWaiter(file: string) {
		const fake = fakeBroker();
		const l = fake.register({__sync: 'lock', id: 'lock#1', name: 'l', path: path.join(dir, file)});
		const holder = fake.peer('holder', process.pid);
		fs.writeFileSync(l.path!, formatOwner({pid: process.pid, start: startTimeOf(process.pid) ?? '-', name: 'holder'}));
		holder.op({op: 'lock.acquired', target: l.id}, true);
		const waiter = fake.peer('waiter');
		const waits = waiter.op({op: 'lock.wait', target: l.id});
		return {events: fake.events, l, holder, waiter, waits};
	}

	test('a waiter parks while the owner lives, and is woken when the file is gone', () => {
		const {l, holder, waiter, waits} = heldWithWaiter('live.lock');
		assert.equal(waiter.reply(waits), undefined, 'parked while the holder lives');
		fs.unlinkSync(l.path!);
		holder.op({op: 'lock.released', target: l.id}, true);
		assert.equal(waiter.reply(waits)?.ok, true, 'woken to try again');
	});

	test('a released file kept for a turn: its lock.freed note wakes the first waiter, without a release event', () => {
		const {events, l, holder, waiter, waits} = heldWithWaiter('kept.lock');
		holder.op({op: 'lock.released', target: l.id}, true);
		assert.equal(waiter.reply(waits), undefined, 'the file is still there: nobody is woken');
		fs.unlinkSync(l.path!);
		holder.op({op: 'lock.freed', target: l.id}, true);
		assert.equal(waiter.reply(waits)?.ok, true, 'woken once the file is gone');
		assert.equal(events.filter(event => event.op === 'release').length, 1, 'one release, as the program made');
	});

	test('the lock of an owner that died is recovered, and reported', () => {
		const {events, peer, register} = fakeBroker();
		const l = register({__sync: 'lock', id: 'lock#1', name: 'l', path: path.join(dir, 'dead.lock')});
		// A pid far above any pid_max: no such process.
		fs.writeFileSync(l.path!, formatOwner({pid: 2 ** 30, start: '1', name: 'ghost'}));
		const waiter = peer('waiter');
		const waits = waiter.op({op: 'lock.wait', target: l.id});
		assert.equal(waiter.reply(waits)?.ok, true);
		assert.equal(fs.existsSync(l.path!), false, "the dead owner's file is gone");
		assert.equal(events.filter(event => event.op === 'recovered' && event.deadProc === 'ghost').length, 1);
	});

	test('a holder that exits holding the lock: its file is removed, the recovery reported once with its name, the first waiter woken', () => {
		const {broker, events, peer, register} = fakeBroker();
		const l = register({__sync: 'lock', id: 'lock#1', name: 'l', path: path.join(dir, 'exited.lock')});
		// The holder is a peer of the run (so nobody recovers its lock while it lives), with a pid no process has once it exits.
		const holder = peer('doomed', NO_PID);
		fs.writeFileSync(l.path!, formatOwner({pid: NO_PID, start: '1', name: 'doomed'}));
		holder.op({op: 'lock.acquired', target: l.id}, true);
		const waiter = peer('waiter');
		const waits = waiter.op({op: 'lock.wait', target: l.id});
		assert.equal(waiter.reply(waits), undefined, 'parked while the holder is in the run');
		assert.deepEqual(broker.info(l.id, 'lock').holder, {name: 'doomed', pid: NO_PID});

		broker.peerExited(holder);
		assert.equal(waiter.reply(waits)?.ok, true, 'the waiter is woken');
		assert.equal(fs.existsSync(l.path!), false, "the holder's file is gone");
		const recovered = events.filter(event => event.op === 'recovered');
		assert.deepEqual(
			recovered.map(event => [event.deadPid, event.deadProc]),
			[[NO_PID, 'doomed']],
			'exactly one recovery',
		);
		assert.deepEqual(broker.info(l.id, 'lock'), {path: l.path, holder: null, unknown: null, waiting: 0});
	});

	test('a timed wait on a held lock fails with TIMEOUT and leaves the line', async () => {
		const {broker, events, peer, register} = fakeBroker();
		const l = register({__sync: 'lock', id: 'lock#1', name: 'l', path: path.join(dir, 'timed.lock')});
		fs.writeFileSync(l.path!, formatOwner({pid: process.pid, start: startTimeOf(process.pid) ?? '-', name: 'holder'}));
		peer('holder', process.pid).op({op: 'lock.acquired', target: l.id}, true);
		const waiter = peer('waiter');
		const timed = waiter.op({op: 'lock.wait', target: l.id, timeout: 5});
		await until(() => waiter.reply(timed) !== undefined, 'the timed wait to end');
		assert.equal((waiter.reply(timed) as {code: string}).code, 'TIMEOUT');
		assert.equal(events.filter(event => event.op === 'timeout' && event.call === 'acquire').length, 1);
		assert.equal(broker.info(l.id, 'lock').waiting, 0, 'no waiter left parked');
		assert.deepEqual(broker.waiting(), []);
		fs.unlinkSync(l.path!);
	});

	test('a lock file that is no owner record: waiters park, it is reported once for all, and the first is woken once it is gone', async () => {
		const {broker, events, peer, register} = fakeBroker();
		const l = register({__sync: 'lock', id: 'lock#1', name: 'l', path: path.join(dir, 'junk.lock')});
		fs.writeFileSync(l.path!, 'not an owner\n');
		const waiters = [peer('first'), peer('second')];
		const reqs = waiters.map(p => p.op({op: 'lock.wait', target: l.id}));
		assert.deepEqual(
			waiters.map((p, i) => p.reply(reqs[i]!)),
			[undefined, undefined],
			'both park',
		);
		const reports = events.filter(event => event.op === 'unknown-owner');
		assert.equal(reports.length, 1, 'reported once for all waiters');
		assert.equal(reports[0]!.path, l.path);
		assert.match(String(reports[0]!.reason), /^content "not an owner\\n"$/);
		const info = broker.info(l.id, 'lock');
		assert.deepEqual([info.holder, info.waiting], [null, 2]);
		assert.match(String(info.unknown), /^content /);

		fs.unlinkSync(l.path!);
		// The unit looks at an unknown file again now and then: nobody will post its release.
		await until(() => waiters[0]!.reply(reqs[0]!) !== undefined, 'the first waiter to be woken');
		assert.equal(waiters[0]!.reply(reqs[0]!)?.ok, true);
		assert.equal(waiters[1]!.reply(reqs[1]!), undefined, 'the second waits its turn');
		assert.equal(events.filter(event => event.op === 'recovered').length, 0, 'nothing was taken for a dead holder');
		broker.close();
	});

	test("a symlink at the lock path is never followed, even to a dead owner's record", () => {
		const {broker, events, peer, register} = fakeBroker();
		const l = register({__sync: 'lock', id: 'lock#1', name: 'l', path: path.join(dir, 'link.lock')});
		// A valid record of a process that is gone: following the link would "recover" the lock.
		const target = path.join(dir, 'elsewhere');
		const record = formatOwner({pid: NO_PID, start: '1', name: 'gone'});
		fs.writeFileSync(target, record);
		fs.symlinkSync(target, l.path!);
		const waiter = peer('waiter');
		const waits = waiter.op({op: 'lock.wait', target: l.id});
		assert.equal(waiter.reply(waits), undefined, 'the lock stays held by the link');
		assert.equal(fs.lstatSync(l.path!).isSymbolicLink(), true, 'the link is still there');
		assert.equal(fs.readFileSync(target, 'utf8'), record, 'the target is untouched');
		assert.equal(events.filter(event => event.op === 'recovered').length, 0);
		assert.match(String(events.find(event => event.op === 'unknown-owner')?.reason), /^a symbolic link to /);
		broker.close();
		fs.unlinkSync(l.path!);
	});
});
