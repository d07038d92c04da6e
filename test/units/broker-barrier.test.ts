/**
 * The broker's barrier unit on its own: operations in, replies and events
 * out, no process started (test/barrier.test.ts checks the same through
 * real processes).
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {Handle} from '../../src/ipc/protocol.ts';
import type {FakePeer} from '../support/fake-broker.ts';
import {fakeBroker} from '../support/fake-broker.ts';

const barrier = (parties: number, action = false): Handle => ({
	__sync: 'barrier',
	id: 'barrier#1',
	name: 'b',
	parties,
	...(action ? {action: {module: '/nowhere.js', target: 'act', args: []}} : {}),
});

/** The reply to `req`: its index, its failure code, or 'pending'. */
function outcome(peer: FakePeer, req: number): number | string {
	const reply = peer.reply(req);
	if (!reply) return 'pending';
	return reply.ok ? ((reply as {index?: number}).index ?? 'ok') : reply.code;
}

function setUp(parties: number, action = false) {
	const fake = fakeBroker();
	const b = fake.register(barrier(parties, action));
	const peers = Array.from({length: parties + 1}, (_, i) => fake.peer(`p${i}`));
	const wait = (peer: FakePeer, timeout?: number) => peer.op({op: 'barrier.wait', target: b.id, ...(timeout === undefined ? {} : {timeout})});
	const info = () => fake.broker.info(b.id, 'barrier');
	return {...fake, b, peers, wait, info};
}

describe('barrier unit', () => {
	test('three parties: indexes in order of arrival, the last one passes at once and releases the others; cycle after cycle', () => {
		const {peers, wait, info, events, broker} = setUp(3);
		const [a, b, c] = peers as [FakePeer, FakePeer, FakePeer];
		for (let cycle = 1; cycle <= 3; cycle++) {
			const ra = wait(b);
			const rb = wait(c);
			assert.deepEqual([outcome(b, ra), outcome(c, rb)], ['pending', 'pending']);
			assert.equal(info().waiting, 2);
			const rc = wait(a);
			assert.deepEqual([outcome(b, ra), outcome(c, rb), outcome(a, rc)], [0, 1, 2]);
			assert.deepEqual(info(), {parties: 3, waiting: 0, broken: false, cycles: cycle, acting: []});
		}
		assert.deepEqual(broker.waiting(), []);
		assert.equal(events.filter(event => event.op === 'passed').length, 3);
		assert.deepEqual(
			events.filter(event => event.op === 'woke').map(event => event.index),
			[0, 1, 0, 1, 0, 1],
		);
	});

	test('one party passes alone, index 0 each time', () => {
		const {peers, wait} = setUp(1);
		const p = peers[0]!;
		assert.equal(outcome(p, wait(p)), 0);
		assert.equal(outcome(p, wait(p)), 0);
	});

	test('with an action, the completing party runs it and nobody passes before it reports back', () => {
		const {peers, wait, info, b, events} = setUp(3, true);
		const [a, x, y] = peers as [FakePeer, FakePeer, FakePeer];
		const ra = wait(a);
		const rx = wait(x);
		const ry = wait(y);
		assert.deepEqual(y.reply(ry), {req: ry, ok: true, index: 2, act: true});
		assert.deepEqual([outcome(a, ra), outcome(x, rx)], ['pending', 'pending']);
		assert.deepEqual(info().acting, [{name: 'p2', pid: y.pid}]);
		// A fourth process arriving meanwhile starts the next cycle.
		const extra = peers[3]!;
		const re = wait(extra);
		assert.equal(info().waiting, 1);
		const done = y.op({op: 'barrier.acted', target: b.id});
		assert.equal(outcome(y, done), 'ok');
		assert.deepEqual([outcome(a, ra), outcome(x, rx), outcome(extra, re)], [0, 1, 'pending']);
		assert.equal(info().cycles, 1);
		assert.deepEqual(
			events.filter(event => event.kind === 'barrier' && ['action', 'passed'].includes(event.op)).map(event => `${event.op} ${event.proc}`),
			['action p2', 'passed p2'],
		);
	});

	test('an action that fails breaks the barrier for every waiting party; later waits fail until reset()', () => {
		const {peers, wait, info, b, events} = setUp(2, true);
		const [a, x, extra] = peers as [FakePeer, FakePeer, FakePeer];
		const ra = wait(a);
		assert.equal((x.reply(wait(x)) as {act?: boolean}).act, true);
		const re = wait(extra);
		x.op({op: 'barrier.acted', target: b.id, error: 'boom'}, true);
		assert.deepEqual([outcome(a, ra), outcome(extra, re)], ['BROKEN_BARRIER', 'BROKEN_BARRIER']);
		assert.match((a.reply(ra) as {message: string}).message, /barrier b broke: its action failed in p1: boom/);
		assert.equal(info().broken, true);
		assert.equal(info().waiting, 0);
		assert.equal(outcome(a, wait(a)), 'BROKEN_BARRIER');
		a.op({op: 'barrier.reset', target: b.id}, true);
		assert.equal(info().broken, false);
		const again = wait(a);
		assert.equal((x.reply(wait(x)) as {act?: boolean}).act, true);
		x.op({op: 'barrier.acted', target: b.id});
		assert.equal(outcome(a, again), 0);
		assert.equal(events.filter(event => event.op === 'action-failed').length, 1);
	});

	test('abort(): the waiting parties fail, the barrier stays broken until reset(), then works again', () => {
		const {peers, wait, info, b, broker} = setUp(3);
		const [a, x, y] = peers as [FakePeer, FakePeer, FakePeer];
		const ra = wait(a);
		const rx = wait(x);
		y.op({op: 'barrier.abort', target: b.id}, true);
		assert.deepEqual([outcome(a, ra), outcome(x, rx)], ['BROKEN_BARRIER', 'BROKEN_BARRIER']);
		assert.deepEqual(broker.waiting(), [], 'nobody parked any more');
		assert.equal(info().broken, true);
		const late = wait(y);
		assert.equal(outcome(y, late), 'BROKEN_BARRIER');
		assert.match((y.reply(late) as {message: string}).message, /is broken \(aborted by p2\)/);
		y.op({op: 'barrier.reset', target: b.id}, true);
		const results = [wait(a), wait(x), wait(y)];
		assert.deepEqual([outcome(a, results[0]!), outcome(x, results[1]!), outcome(y, results[2]!)], [0, 1, 2]);
	});

	test('reset() while parties wait: they fail, and the barrier is not broken', () => {
		const {peers, wait, info, b} = setUp(3);
		const [a, x] = peers as [FakePeer, FakePeer];
		const ra = wait(a);
		x.op({op: 'barrier.reset', target: b.id}, true);
		assert.equal(outcome(a, ra), 'BROKEN_BARRIER');
		assert.match((a.reply(ra) as {message: string}).message, /was reset by p1 while 1 of 3 parties waited/);
		assert.deepEqual([info().broken, info().waiting], [false, 0]);
	});

	test('timeout 0 short of the last party breaks the barrier at once, the caller included; as the last party it passes', () => {
		const {peers, wait, info} = setUp(3);
		const [a, x] = peers as [FakePeer, FakePeer];
		const ra = wait(a);
		const rx = wait(x, 0);
		assert.deepEqual([outcome(a, ra), outcome(x, rx)], ['BROKEN_BARRIER', 'TIMEOUT']);
		assert.equal(info().broken, true);

		const other = setUp(2);
		const r0 = other.wait(other.peers[0]!);
		const r1 = other.wait(other.peers[1]!, 0);
		assert.deepEqual([outcome(other.peers[0]!, r0), outcome(other.peers[1]!, r1)], [0, 1]);
	});

	test('a timed-out wait says how many had arrived when it ran out, not when it began', async () => {
		const {peers, wait} = setUp(3);
		const [x, a] = peers as [FakePeer, FakePeer];
		const rx = wait(x, 20);
		const ra = wait(a);
		await new Promise(resolve => setTimeout(resolve, 80));
		assert.deepEqual([outcome(x, rx), outcome(a, ra)], ['TIMEOUT', 'BROKEN_BARRIER']);
		assert.match((x.reply(rx) as {message: string}).message, /timed out after 20 ms with 2 of 3 parties arrived/);
		assert.match((a.reply(ra) as {message: string}).message, /with 2 of 3 parties arrived/);
	});

	test('a wait that times out breaks the barrier for the parties waiting with it', async () => {
		const {peers, wait, info, broker} = setUp(3);
		const [a, x] = peers as [FakePeer, FakePeer];
		const ra = wait(a);
		const rx = wait(x, 5);
		await new Promise(resolve => setTimeout(resolve, 50));
		assert.deepEqual([outcome(a, ra), outcome(x, rx)], ['BROKEN_BARRIER', 'TIMEOUT']);
		assert.match((x.reply(rx) as {message: string}).message, /the wait of p1 timed out after 5 ms with 2 of 3 parties arrived/);
		assert.equal(info().broken, true);
		assert.deepEqual(broker.waiting(), []);
	});

	test('once every party has arrived, a timeout no longer breaks the cycle while its action runs', async () => {
		const {peers, wait, b} = setUp(2, true);
		const [a, x] = peers as [FakePeer, FakePeer];
		const ra = wait(a, 5);
		assert.equal((x.reply(wait(x)) as {act?: boolean}).act, true);
		await new Promise(resolve => setTimeout(resolve, 50));
		assert.equal(outcome(a, ra), 'pending');
		x.op({op: 'barrier.acted', target: b.id});
		assert.equal(outcome(a, ra), 0);
	});

	test('a waiting party that exits breaks the barrier for the others, reported with its pid; a process that never waited does not', () => {
		const {peers, wait, info, broker, events} = setUp(3);
		const [a, x, bystander] = peers as [FakePeer, FakePeer, FakePeer];
		const ra = wait(a);
		broker.peerExited(bystander);
		assert.equal(outcome(a, ra), 'pending');
		assert.equal(info().broken, false);
		wait(x);
		broker.peerExited(x);
		assert.equal(outcome(a, ra), 'BROKEN_BARRIER');
		assert.match((a.reply(ra) as {message: string}).message, new RegExp(`p1 \\(pid ${x.pid}\\) died while waiting at it`));
		const died = events.filter(event => event.op === 'party-died');
		assert.deepEqual(
			died.map(event => [event.deadProc, event.deadPid]),
			[['p1', x.pid]],
		);
		assert.equal(info().broken, true);
	});

	test('the process running the action dies: the parties waiting for it fail', () => {
		const {peers, wait, info, broker} = setUp(2, true);
		const [a, x] = peers as [FakePeer, FakePeer];
		const ra = wait(a);
		wait(x);
		broker.peerExited(x);
		assert.equal(outcome(a, ra), 'BROKEN_BARRIER');
		assert.match((a.reply(ra) as {message: string}).message, /died while running its action/);
		assert.deepEqual([info().broken, info().acting], [true, []]);
	});

	test('abort() while the action runs: the parties fail, and so does the runner when it reports back', () => {
		const {peers, wait, b} = setUp(2, true);
		const [a, x] = peers as [FakePeer, FakePeer];
		const ra = wait(a);
		wait(x);
		a.op({op: 'barrier.abort', target: b.id}, true);
		assert.equal(outcome(a, ra), 'BROKEN_BARRIER');
		const acted = x.op({op: 'barrier.acted', target: b.id});
		assert.equal(outcome(x, acted), 'BROKEN_BARRIER');
	});
});
