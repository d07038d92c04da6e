/** The connection unit without processes: who holds and reads each end, EOF, routes, hand-backs. */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {Handle} from '../../src/ipc/protocol.ts';
import {HIGH_WATER} from '../../src/primitives/connection-writer.ts';
import {fakeBroker} from '../support/fake-broker.ts';

const pipe: Handle = {__sync: 'connection', id: 'pipe#1', name: 'p', duplex: true};
/** A frame of `n` bytes whose first byte numbers it. */
const frame = (i: number, n = 2 ** 20) => new Uint8Array(n).fill(i, 0, 1);

describe('broker unit: connection', () => {
	test('EOF for an end once every holder of the other end closed it or exited, after what it sent', () => {
		const {broker, events, peer, register} = fakeBroker();
		register(pipe);
		const main = peer('main');
		const child = peer('child');
		main.op({op: 'connection.hold', target: 'pipe#1', end: 0});
		main.op({op: 'connection.hold', target: 'pipe#1', end: 1});
		child.op({op: 'connection.hold', target: 'pipe#1', end: 1});
		child.op({op: 'connection.send', target: 'pipe#1', end: 1, items: ['frame-a']}, true);
		const first = main.op({op: 'connection.recv', target: 'pipe#1', end: 0, claim: ''});
		assert.deepEqual(main.reply(first), {req: first, ok: true, items: ['frame-a'], eof: false, direct: false, from: {}, resync: false});
		const waiting = main.op({op: 'connection.recv', target: 'pipe#1', end: 0});
		assert.equal(main.reply(waiting), undefined, 'nothing to receive: parked');
		assert.deepEqual(
			broker.waiting().map(waiter => waiter.call),
			['connection.recv()'],
		);
		main.op({op: 'connection.close', target: 'pipe#1', end: 1}, true);
		assert.equal(main.reply(waiting), undefined, 'the child still holds end 1');
		broker.peerExited(child);
		assert.deepEqual(main.reply(waiting), {req: waiting, ok: true, items: [], eof: true, direct: false});
		assert.deepEqual(broker.waiting(), []);
		assert.equal(events.filter(event => event.op === 'eof').length, 1);
		const late = child.op({op: 'connection.hold', target: 'pipe#1', end: 1});
		assert.equal((child.reply(late) as {code: string}).code, 'CLOSED', 'an end closed everywhere cannot be held again');
	});

	test('one reader per end at a time, the next waiting its turn; a sender learns where it listens only when the fast paths are on', () => {
		for (const fastPaths of [true, false]) {
			const {broker, peer, register} = fakeBroker({fastPaths});
			register(pipe);
			const a = peer('a');
			const b = peer('b');
			for (const p of [a, b]) for (const end of [0, 1] as const) p.op({op: 'connection.hold', target: 'pipe#1', end});
			const route = b.op({op: 'connection.route', target: 'pipe#1', end: 1});
			assert.equal(b.reply(route), undefined, 'no reader yet');
			a.op({op: 'connection.recv', target: 'pipe#1', end: 0, claim: '/run/a.sock'});
			assert.deepEqual(b.reply(route), fastPaths ? {req: route, ok: true, path: '/run/a.sock'} : undefined);
			const turn = b.op({op: 'connection.recv', target: 'pipe#1', end: 0, claim: '/run/b.sock'});
			assert.equal(b.reply(turn), undefined, 'b waits for its turn to read');
			assert.deepEqual(broker.info('pipe#1', 'connection').ends[0]!.reader, {name: 'a', pid: a.pid});
			a.op({op: 'connection.close', target: 'pipe#1', end: 0}, true);
			assert.deepEqual(b.reply(turn), {req: turn, ok: true, items: [], eof: false, direct: fastPaths, from: {}, resync: false}, 'its turn came');
			assert.deepEqual(broker.info('pipe#1', 'connection').ends[0]!.reader, {name: 'b', pid: b.pid});
			assert.deepEqual(broker.waiting(), []);
		}
	});

	test("a reader's hand-back: its untaken frames wait for the next reader, who learns where each sender starts; senders learn it left", () => {
		const {peer, register} = fakeBroker({fastPaths: true});
		register(pipe);
		const a = peer('a');
		const b = peer('b');
		const c = peer('c');
		a.op({op: 'connection.hold', target: 'pipe#1', end: 0});
		c.op({op: 'connection.hold', target: 'pipe#1', end: 0});
		b.op({op: 'connection.hold', target: 'pipe#1', end: 1});
		a.op({op: 'connection.recv', target: 'pipe#1', end: 0, claim: '/run/a.sock'});
		const watch = b.op({op: 'connection.route', target: 'pipe#1', end: 1, known: '/run/a.sock'});
		assert.equal(b.reply(watch), undefined, 'the sender knows the reader: nothing new');
		a.op({op: 'connection.unread', target: 'pipe#1', end: 0, items: ['f7', 'f8'], consumed: {[b.pid]: 7}}, true);
		assert.deepEqual(b.reply(watch), {req: watch, ok: true, path: ''}, 'the reader left: through the broker again');
		const claim = c.op({op: 'connection.recv', target: 'pipe#1', end: 0, claim: '/run/c.sock'});
		assert.deepEqual(c.reply(claim), {req: claim, ok: true, items: ['f7', 'f8'], eof: false, direct: true, from: {[b.pid]: 7}, resync: false});
	});

	test('a reader that dies: the next one starts each sender at the first message it sees', () => {
		const {broker, peer, register} = fakeBroker({fastPaths: true});
		register(pipe);
		const a = peer('a');
		const b = peer('b');
		const c = peer('c');
		for (const p of [a, c]) p.op({op: 'connection.hold', target: 'pipe#1', end: 0});
		b.op({op: 'connection.hold', target: 'pipe#1', end: 1});
		a.op({op: 'connection.recv', target: 'pipe#1', end: 0, claim: '/run/a.sock'});
		broker.peerExited(a);
		b.op({op: 'connection.send', target: 'pipe#1', end: 1, items: ['f9']}, true);
		const claim = c.op({op: 'connection.recv', target: 'pipe#1', end: 0, claim: ''});
		assert.deepEqual(c.reply(claim), {req: claim, ok: true, items: ['f9'], eof: false, direct: true, from: {}, resync: true});
	});

	test('recvDone ends a parked receive with what the broker has; a closing reader’s own waits fail CLOSED', () => {
		const {broker, peer, register} = fakeBroker({fastPaths: true});
		register(pipe);
		const a = peer('a');
		const b = peer('b');
		a.op({op: 'connection.hold', target: 'pipe#1', end: 0});
		b.op({op: 'connection.hold', target: 'pipe#1', end: 1});
		const parked = a.op({op: 'connection.recv', target: 'pipe#1', end: 0, claim: '/run/a.sock'});
		assert.equal(a.reply(parked), undefined);
		a.op({op: 'connection.recvDone', target: 'pipe#1', end: 0}, true);
		assert.deepEqual(a.reply(parked), {req: parked, ok: true, items: [], eof: false, direct: true, from: {}, resync: false});
		const again = a.op({op: 'connection.recv', target: 'pipe#1', end: 0});
		a.op({op: 'connection.close', target: 'pipe#1', end: 0}, true);
		assert.equal((a.reply(again) as {code: string}).code, 'CLOSED');
		assert.deepEqual(broker.waiting(), []);
	});

	test('past the limit queued for the other end a sender waits in connection.send(); a recv that drains it lets it go, every frame once in order', () => {
		const {broker, events, peer, register} = fakeBroker();
		register(pipe);
		const reader = peer('reader');
		const sender = peer('sender');
		reader.op({op: 'connection.hold', target: 'pipe#1', end: 0});
		sender.op({op: 'connection.hold', target: 'pipe#1', end: 1});
		const perLimit = HIGH_WATER / 2 ** 20;
		for (let i = 0; i < perLimit; i++) sender.op({op: 'connection.send', target: 'pipe#1', end: 1, items: [frame(i)]}, true);
		const under = sender.op({op: 'connection.sendWait', target: 'pipe#1', end: 1});
		assert.deepEqual(sender.reply(under), {req: under, ok: true}, 'exactly the limit queued: no wait');
		sender.op({op: 'connection.send', target: 'pipe#1', end: 1, items: [frame(perLimit, 1)]}, true);
		const over = sender.op({op: 'connection.sendWait', target: 'pipe#1', end: 1});
		assert.equal(sender.reply(over), undefined, 'one byte past the limit: parked');
		assert.deepEqual(
			broker.waiting().map(waiter => `${waiter.peer.name}:${waiter.call}`),
			['sender:connection.send()'],
		);
		assert.equal(broker.info('pipe#1', 'connection').ends[0]!.queuedBytes, HIGH_WATER + 1);
		assert.equal(events.filter(event => event.op === 'send-wait').length, 1);
		const first = reader.op({op: 'connection.recv', target: 'pipe#1', end: 0, claim: ''});
		const got = (reader.reply(first) as {items: Uint8Array[]}).items;
		assert.deepEqual(
			got.map(item => item[0]),
			Array.from({length: perLimit + 1}, (_, i) => i),
		);
		assert.deepEqual(sender.reply(over), {req: over, ok: true}, 'drained: the sender goes on');
		assert.deepEqual(broker.waiting(), []);
		assert.equal(broker.info('pipe#1', 'connection').ends[0]!.queuedBytes, 0);
	});

	test('a waiting sender goes on once nobody can read the other end (closed, or its holder exited), and what it sends then is dropped', () => {
		for (const how of ['close', 'exit'] as const) {
			const {broker, peer, register} = fakeBroker();
			register(pipe);
			const reader = peer('reader');
			const sender = peer('sender');
			reader.op({op: 'connection.hold', target: 'pipe#1', end: 0});
			sender.op({op: 'connection.hold', target: 'pipe#1', end: 1});
			for (let i = 0; i <= HIGH_WATER / 2 ** 20; i++) sender.op({op: 'connection.send', target: 'pipe#1', end: 1, items: [frame(i)]}, true);
			const over = sender.op({op: 'connection.sendWait', target: 'pipe#1', end: 1});
			assert.equal(sender.reply(over), undefined, how);
			if (how === 'close') reader.op({op: 'connection.close', target: 'pipe#1', end: 0}, true);
			else broker.peerExited(reader);
			assert.deepEqual(sender.reply(over), {req: over, ok: true}, how);
			assert.equal(broker.info('pipe#1', 'connection').ends[0]!.queuedBytes, 0, `${how}: nobody can read what was queued`);
			for (let i = 0; i < 8; i++) sender.op({op: 'connection.send', target: 'pipe#1', end: 1, items: [frame(i)]}, true);
			const later = sender.op({op: 'connection.sendWait', target: 'pipe#1', end: 1});
			assert.deepEqual(sender.reply(later), {req: later, ok: true}, `${how}: no wait on an end nobody holds`);
			assert.deepEqual(broker.info('pipe#1', 'connection').ends[0]!.queued, 0);
			assert.deepEqual(broker.waiting(), []);
		}
	});

	test('a sender that closes its end while it waits goes on; one that exits leaves nothing parked', () => {
		const {broker, peer, register} = fakeBroker();
		register(pipe);
		const reader = peer('reader');
		const a = peer('a');
		const b = peer('b');
		reader.op({op: 'connection.hold', target: 'pipe#1', end: 0});
		for (const p of [a, b]) p.op({op: 'connection.hold', target: 'pipe#1', end: 1});
		for (let i = 0; i <= HIGH_WATER / 2 ** 20; i++) a.op({op: 'connection.send', target: 'pipe#1', end: 1, items: [frame(i)]}, true);
		const waitA = a.op({op: 'connection.sendWait', target: 'pipe#1', end: 1});
		const waitB = b.op({op: 'connection.sendWait', target: 'pipe#1', end: 1});
		assert.equal(broker.waiting().length, 2);
		a.op({op: 'connection.close', target: 'pipe#1', end: 1}, true);
		assert.deepEqual(a.reply(waitA), {req: waitA, ok: true});
		assert.equal(b.reply(waitB), undefined, 'b still waits: the reader is behind');
		broker.peerExited(b);
		assert.deepEqual(broker.waiting(), []);
		assert.equal(broker.info('pipe#1', 'connection').ends[0]!.queued, HIGH_WATER / 2 ** 20 + 1, 'what was sent still waits for the reader');
	});
});
