/**
 * The broker's queue unit on its own: operations in, replies and events out,
 * no process started (test/queue.test.ts, joinable.test.ts and
 * queue-limits.test.ts check the same through real processes).
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {fakeBroker} from '../support/fake-broker.ts';
import {until} from '../support/wait.ts';

describe('queue unit', () => {
	test('a bounded queue parks the put that would overflow it and admits it when a get makes room, in order', () => {
		const {peer, register} = fakeBroker();
		const q = register({__sync: 'queue', id: 'queue#1', name: 'q', maxsize: 2});
		const producer = peer('producer');
		const consumer = peer('consumer');
		const puts = ['a', 'b', 'c'].map(item => producer.op({op: 'queue.put', target: q.id, items: [item]}));
		assert.deepEqual(
			puts.slice(0, 2).map(req => producer.reply(req)?.ok),
			[true, true],
		);
		assert.equal(producer.reply(puts[2]!), undefined, 'the third put waits');
		const got = consumer.op({op: 'queue.get', target: q.id});
		assert.deepEqual(consumer.reply(got), {req: got, ok: true, items: ['a']});
		assert.equal(producer.reply(puts[2]!)?.ok, true, 'the get made room');
		const rest = [consumer.op({op: 'queue.get', target: q.id}), consumer.op({op: 'queue.get', target: q.id})];
		assert.deepEqual(
			rest.map(req => (consumer.reply(req) as {items: unknown[]}).items),
			[['b'], ['c']],
		);
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

	test('a producer on a full Queue(2) waits with a put-wait event, one put at a time; the queue never holds more than 2, and every item arrives in order', () => {
		const {broker, events, peer, register} = fakeBroker();
		const q = register({__sync: 'queue', id: 'queue#1', name: 'q', maxsize: 2});
		const producer = peer('producer');
		const consumer = peer('consumer');
		// The producer awaits each put, as a process does: the next goes out once the last is answered.
		let next = 0;
		let pending = producer.op({op: 'queue.put', target: q.id, items: [next++]});
		const putMore = () => {
			while (next < 5 && producer.reply(pending)) pending = producer.op({op: 'queue.put', target: q.id, items: [next++]});
		};
		putMore();
		assert.equal(events.filter(event => event.op === 'put-wait').length, 1, 'the producer blocks');
		assert.equal(broker.info(q.id, 'queue').size, 2);
		assert.equal(events.filter(event => event.op === 'put').length, 2);
		const got: unknown[] = [];
		for (let i = 0; i < 5; i++) {
			const req = consumer.op({op: 'queue.get', target: q.id});
			got.push(...(consumer.reply(req) as {items: unknown[]}).items);
			assert.ok(broker.info(q.id, 'queue').size <= 2);
			putMore();
		}
		assert.deepEqual(got, [0, 1, 2, 3, 4]);
		assert.equal(producer.reply(pending)?.ok, true, 'the last put went through');
		const puts = events.filter(event => event.op === 'put');
		assert.equal(puts.length, 5);
		for (const event of puts) assert.ok((event.size as number) <= 2, `size ${String(event.size)}`);
	});
});

describe('joinable queue unit', () => {
	test('join() waits while a task is unfinished (a join with timeout 0 fails meanwhile); task-done events count every task; the last taskDone() answers it', async () => {
		const {broker, events, peer, register} = fakeBroker();
		const q = register({__sync: 'queue', id: 'queue#1', name: 'q', joinable: true});
		const consumer = peer('consumer');
		const main = peer('main');
		main.op({op: 'queue.put', target: q.id, items: [0, 1, 2, 3, 4]}, true);
		for (let i = 0; i < 5; i++) consumer.op({op: 'queue.get', target: q.id});
		const joined = main.op({op: 'queue.join', target: q.id});
		assert.equal(events.filter(event => event.op === 'join-wait').length, 1);
		consumer.op({op: 'queue.taskDone', target: q.id, n: 3}, true);
		consumer.op({op: 'queue.taskDone', target: q.id, n: 1}, true);
		assert.equal(broker.info(q.id, 'queue').unfinished, 1);
		const done = events.filter(event => event.op === 'task-done');
		assert.equal(
			done.reduce((sum, event) => sum + (event.n as number), 0),
			4,
			'task-done events count every taskDone() (coalesced ones carry n)',
		);
		assert.equal(main.reply(joined), undefined, 'join() still waits for the last task');
		const timed = main.op({op: 'queue.join', target: q.id, timeout: 0});
		await until(() => main.reply(timed) !== undefined, 'the timed join to end');
		assert.deepEqual(main.reply(timed), {req: timed, ok: false, code: 'TIMEOUT', message: 'queue q still has 1 unfinished task(s)'});

		consumer.op({op: 'queue.taskDone', target: q.id, n: 1}, true);
		assert.equal(main.reply(joined)?.ok, true);
		assert.equal(broker.info(q.id, 'queue').unfinished, 0);
		const later = main.op({op: 'queue.join', target: q.id});
		assert.equal(main.reply(later)?.ok, true, 'nothing unfinished: answered at once');
		assert.equal(events.filter(event => event.op === 'joined').length, 2);
		assert.deepEqual(broker.waiting(), []);
	});

	test('one taskDone() too many fails with VALUE and changes nothing', () => {
		const {broker, events, peer, register} = fakeBroker();
		const q = register({__sync: 'queue', id: 'queue#1', name: 'q', joinable: true});
		const p = peer('p');
		const early = p.op({op: 'queue.taskDone', target: q.id, n: 1});
		assert.equal((p.reply(early) as {code: string}).code, 'VALUE');
		p.op({op: 'queue.put', target: q.id, items: ['a']});
		p.op({op: 'queue.get', target: q.id});
		const once = p.op({op: 'queue.taskDone', target: q.id, n: 1});
		assert.deepEqual(p.reply(once), {req: once, ok: true}, 'a good taskDone() asked as a request is answered');
		const twice = p.op({op: 'queue.taskDone', target: q.id, n: 1});
		assert.deepEqual(p.reply(twice), {req: twice, ok: false, code: 'VALUE', message: 'taskDone() called too many times'});
		assert.equal(broker.info(q.id, 'queue').unfinished, 0, 'the extra calls changed nothing');
		assert.equal(events.filter(event => event.op === 'error').length, 2);
		assert.equal(events.filter(event => event.op === 'task-done').length, 1);
	});
});
