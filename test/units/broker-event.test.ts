/**
 * The broker's event unit on its own: operations in, replies and events out,
 * no process started (test/event.test.ts checks the same through real
 * processes).
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {fakeBroker} from '../support/fake-broker.ts';
import {until} from '../support/wait.ts';

describe('event unit', () => {
	test('set wakes every waiter; after clear, a wait with timeout 0 fails with TIMEOUT', () => {
		const {peer, register} = fakeBroker();
		const e = register({__sync: 'event', id: 'event#1', name: 'e'});
		const waiters = [peer('a'), peer('b')];
		const reqs = waiters.map(p => p.op({op: 'event.wait', target: e.id}));
		assert.deepEqual(
			waiters.map((p, i) => p.reply(reqs[i]!)),
			[undefined, undefined],
		);
		peer('setter').op({op: 'event.set', target: e.id}, true);
		assert.deepEqual(
			waiters.map((p, i) => p.reply(reqs[i]!)?.ok),
			[true, true],
		);
		waiters[0]!.op({op: 'event.clear', target: e.id}, true);
		const late = waiters[0]!.op({op: 'event.wait', target: e.id, timeout: 0});
		assert.equal((waiters[0]!.reply(late) as {code: string}).code, 'TIMEOUT');
	});

	test('set reports how many it woke, each waiter wakes once, and the flag stays set', () => {
		const {broker, events, peer, register} = fakeBroker();
		const e = register({__sync: 'event', id: 'event#1', name: 'e'});
		const waiters = ['a', 'b', 'c', 'main'].map(name => peer(name));
		const reqs = waiters.map(p => p.op({op: 'event.wait', target: e.id}));
		assert.equal(events.filter(event => event.op === 'wait').length, 4);
		assert.deepEqual(broker.info(e.id, 'event'), {set: false, waiting: 4});
		peer('setter').op({op: 'event.set', target: e.id}, true);
		const set = events.filter(event => event.op === 'set');
		assert.equal(set.length, 1);
		assert.equal(set[0]!.woken, 4);
		assert.deepEqual(
			events
				.filter(event => event.op === 'woke')
				.map(event => event.proc)
				.sort(),
			['a', 'b', 'c', 'main'],
		);
		assert.deepEqual(
			waiters.map((p, i) => p.reply(reqs[i]!)?.ok),
			[true, true, true, true],
		);
		assert.deepEqual(broker.info(e.id, 'event'), {set: true, waiting: 0});
	});

	test('a set event answers a wait at once; once cleared, a timed wait times out with a timeout event and leaves the flag clear', async () => {
		const {broker, events, peer, register} = fakeBroker();
		const e = register({__sync: 'event', id: 'event#1', name: 'e'});
		const p = peer('p');
		p.op({op: 'event.set', target: e.id}, true);
		for (const wait of [{}, {timeout: 0}]) {
			const req = p.op({op: 'event.wait', target: e.id, ...wait});
			assert.equal(p.reply(req)?.ok, true, JSON.stringify(wait));
		}
		assert.equal(events.filter(event => event.op === 'wait').length, 0, 'nobody waited');
		p.op({op: 'event.clear', target: e.id}, true);
		assert.deepEqual(broker.info(e.id, 'event'), {set: false, waiting: 0});
		const timed = p.op({op: 'event.wait', target: e.id, timeout: 5});
		await until(() => p.reply(timed) !== undefined, 'the timed wait to end');
		assert.equal((p.reply(timed) as {code: string}).code, 'TIMEOUT');
		assert.equal(events.filter(event => event.op === 'timeout' && event.call === 'wait').length, 1);
		assert.deepEqual(broker.info(e.id, 'event'), {set: false, waiting: 0}, 'timing out does not set the flag');
		assert.deepEqual(broker.waiting(), []);
	});
});
