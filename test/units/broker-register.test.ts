/**
 * Primitives made in a child, at the broker: the registration is generic
 * (one operation for every kind), and an operation that outruns the
 * registration of a live maker waits for it rather than failing.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {creatorKey} from '../../src/ipc/self.ts';
import {fakeBroker} from '../support/fake-broker.ts';

describe('registration from a child', () => {
	test('ids made in a child name their maker', () => {
		assert.equal(creatorKey('lock#7.3'), 7);
		assert.equal(creatorKey('queue#12'), 0, 'made in main');
		assert.equal(creatorKey('junk'), 0);
	});

	test('every kind registers through primitive.register, with its initial value', () => {
		const {broker, peer} = fakeBroker();
		peer('main');
		const child = peer('child');
		child.op({op: 'primitive.register', target: 'semaphore#1.1', handle: {__sync: 'semaphore', id: 'semaphore#1.1', name: 's'}, initial: 3}, true);
		child.op({op: 'primitive.register', target: 'queue#1.2', handle: {__sync: 'queue', id: 'queue#1.2', name: 'q', maxsize: 2}}, true);
		child.op({op: 'primitive.register', target: 'event#1.3', handle: {__sync: 'event', id: 'event#1.3', name: 'e'}}, true);
		assert.equal(broker.info('semaphore#1.1', 'semaphore').value, 3);
		assert.equal(broker.info('queue#1.2', 'queue').maxsize, 2);
		assert.deepEqual(broker.info('event#1.3', 'event'), {set: false, waiting: 0});
	});

	test("an operation that outruns a live maker's registration waits for it, in order", () => {
		const {broker, peer} = fakeBroker();
		peer('main');
		const maker = peer('maker'); // key 1: its ids are <kind>#1.<n>
		const other = peer('other');
		const wait = other.op({op: 'event.wait', target: 'event#1.1'});
		other.op({op: 'event.clear', target: 'event#1.1'}, true);
		assert.equal(other.reply(wait), undefined, 'held, not failed');
		maker.op({op: 'primitive.register', target: 'event#1.1', handle: {__sync: 'event', id: 'event#1.1', name: 'e'}}, true);
		assert.deepEqual(broker.info('event#1.1', 'event'), {set: false, waiting: 1}, 'replayed on registration');
		maker.op({op: 'event.set', target: 'event#1.1'}, true);
		assert.equal(other.reply(wait)?.ok, true);
	});

	test('held operations fail once their maker exits without registering; a maker never waits for itself', () => {
		const {broker, peer} = fakeBroker();
		peer('main');
		const maker = peer('maker');
		const other = peer('other');
		const held = other.op({op: 'event.wait', target: 'event#1.9'});
		assert.equal(other.reply(held), undefined);
		broker.peerExited(maker);
		assert.match((other.reply(held) as {message: string}).message, /maker exited without registering it/);
		const own = other.op({op: 'event.wait', target: 'event#2.1'});
		assert.match((other.reply(own) as {message: string}).message, /unknown operation event\.wait on event#2\.1/);
		const gone = other.op({op: 'event.wait', target: 'event#1.4'});
		assert.match((other.reply(gone) as {message: string}).message, /unknown operation/, 'a maker that has exited registers nothing more');
	});

	test("a child registers only ids it made: main's ids and another child's are refused", () => {
		const {broker, peer} = fakeBroker();
		peer('main');
		const child = peer('child');
		child.op({op: 'primitive.register', target: 'event#3', handle: {__sync: 'event', id: 'event#3', name: 'e'}}, true);
		child.op({op: 'primitive.register', target: 'event#2.1', handle: {__sync: 'event', id: 'event#2.1', name: 'e'}}, true);
		assert.throws(() => broker.info('event#3', 'event'), /unknown event/);
		assert.throws(() => broker.info('event#2.1', 'event'), /unknown event/);
	});

	test('an id registers once: a second registration cannot replace the primitive', () => {
		const {broker, peer} = fakeBroker();
		peer('main');
		const child = peer('child');
		const handle = {__sync: 'event', id: 'event#1.1', name: 'e'} as const;
		child.op({op: 'primitive.register', target: handle.id, handle}, true);
		child.op({op: 'event.set', target: handle.id}, true);
		assert.throws(() => broker.register(handle), /event#1\.1 is already registered/);
		child.op({op: 'primitive.register', target: handle.id, handle}, true);
		assert.equal(broker.info(handle.id, 'event').set, true, 'the first one stays');
	});
});
