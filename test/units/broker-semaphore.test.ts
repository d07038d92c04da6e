/**
 * The broker's semaphore unit on its own: operations in, replies and events
 * out, no process started (test/semaphore.test.ts checks the same through
 * real processes).
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {fakeBroker} from '../support/fake-broker.ts';

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

	test('Semaphore(3) with five acquirers: three hold, two park; each release hands its permit to the first in line; never more than 3 holders', () => {
		const {broker, events, peer, register} = fakeBroker();
		const s = register({__sync: 'semaphore', id: 'semaphore#1', name: 's'}, 3);
		const holders = Array.from({length: 5}, (_, i) => peer(`holder-${i}`));
		const reqs = holders.map(p => p.op({op: 'semaphore.acquire', target: s.id}));
		assert.deepEqual(
			holders.map((p, i) => p.reply(reqs[i]!)?.ok),
			[true, true, true, undefined, undefined],
		);
		assert.equal(events.filter(event => event.op === 'acquire').length, 2, 'two parked');
		assert.deepEqual(broker.info(s.id, 'semaphore'), {value: 0, initial: 3, peak: 3});

		holders[0]!.op({op: 'semaphore.release', target: s.id, n: 1}, true);
		assert.equal(holders[3]!.reply(reqs[3]!)?.ok, true, 'the first in line got the released permit');
		assert.equal(holders[4]!.reply(reqs[4]!), undefined, 'the second still waits');
		for (const p of holders.slice(1)) p.op({op: 'semaphore.release', target: s.id, n: 1}, true);
		assert.equal(holders[4]!.reply(reqs[4]!)?.ok, true);

		assert.deepEqual(broker.info(s.id, 'semaphore'), {value: 3, initial: 3, peak: 3});
		const counted = events.filter(event => event.op === 'acquired' || event.op === 'release').map(event => `${event.op} ${String(event.holders)}`);
		assert.deepEqual(counted, [
			'acquired 1',
			'acquired 2',
			'acquired 3',
			'release 2',
			'acquired 3',
			'release 2',
			'acquired 3',
			'release 2',
			'release 1',
			'release 0',
		]);
	});

	test('a holder that exits with nobody waiting: its permit comes back, reported with the value', () => {
		const {broker, events, peer, register} = fakeBroker();
		const s = register({__sync: 'semaphore', id: 'semaphore#1', name: 's'}, 1);
		const holder = peer('doomed', 4242);
		holder.op({op: 'semaphore.acquire', target: s.id});
		assert.equal(broker.info(s.id, 'semaphore').value, 0);
		broker.peerExited(holder);
		const recovered = events.filter(event => event.op === 'recovered');
		assert.equal(recovered.length, 1);
		assert.deepEqual([recovered[0]!.deadPid, recovered[0]!.deadProc, recovered[0]!.permits, recovered[0]!.value], [4242, 'doomed', 1, 1]);
		assert.deepEqual(broker.info(s.id, 'semaphore'), {value: 1, initial: 1, peak: 1});
	});

	test('with no permit free, acquire with timeout 0 fails at once with TIMEOUT and parks nothing', () => {
		const {broker, events, peer, register} = fakeBroker();
		const s = register({__sync: 'semaphore', id: 'semaphore#1', name: 's'}, 1);
		peer('holder').op({op: 'semaphore.acquire', target: s.id});
		const other = peer('other');
		const req = other.op({op: 'semaphore.acquire', target: s.id, timeout: 0});
		assert.equal((other.reply(req) as {code: string}).code, 'TIMEOUT');
		assert.deepEqual(broker.waiting(), []);
		assert.equal(events.filter(event => event.op === 'acquire').length, 0, 'nobody queued');
		assert.equal(broker.info(s.id, 'semaphore').value, 0);
	});
});
