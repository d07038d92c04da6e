import assert from 'node:assert/strict';
import {test} from 'node:test';
import {load} from '../../scenarios/index.ts';
import type {Env, Facts} from '../../scenarios/kit/scenario.ts';

const env: Env = {speed: 1, seed: 1, lang: 'en'};
const delivery = (left: number, inQueue?: number): Facts => ({
	produced: 10,
	consumed: 10 - left,
	consumedTwice: 0,
	left,
	...(inQueue === undefined ? {} : {inQueue}),
});

test('queue-safety: uneven counts end as Python would — left-in-queue or hang, the lesson; even counts must deliver', async () => {
	const {verdict} = await load('queue-safety');
	const morePutters = {putters: 10, getters: 7, maxsize: 3};
	const moreGetters = {putters: 7, getters: 10, maxsize: 3};
	const even = {putters: 10, getters: 10, maxsize: 3};
	assert.deepEqual(pick(verdict(delivery(3, 3), morePutters, null, env)), ['left-in-queue', false]);
	assert.deepEqual(pick(verdict(delivery(0, 0), moreGetters, 'getter-7 is blocked', env)), ['hang', false]);
	// Ten putters, three getters, Queue(3): four putters wait for good on the full queue.
	assert.deepEqual(pick(verdict(delivery(3), {putters: 10, getters: 3, maxsize: 3}, 'putter-9 is blocked', env)), ['hang', false]);
	assert.deepEqual(pick(verdict(delivery(2, 2), even, null, env)), ['left-in-queue', true]);
	assert.deepEqual(pick(verdict(delivery(0, 0), even, 'getter-1 is blocked', env)), ['hang', true]);
	// Not taken and not in the queue either: lost, whatever the counts.
	assert.deepEqual(pick(verdict(delivery(3, 1), morePutters, null, env)), ['lost-items', true]);
});

test('pc-v1: stopping at the first Empty leaves items in the queue, or (more than it holds) a producer blocked on a full queue — both the lesson', async () => {
	const {verdict} = await load('pc-v1');
	const options = {items: 30, producerDelay: 1, consumerDelay: 0.2};
	assert.deepEqual(pick(verdict(delivery(4, 4), options, null, env)), ['left-in-queue', false]);
	assert.deepEqual(pick(verdict(delivery(20), options, 'producer is blocked in queue.put()', env)), ['hang', false]);
	assert.deepEqual(pick(verdict(delivery(0, 0), options, null, env)), ['complete', false]);
});

test('pc-v2: items left behind break its promise', async () => {
	const {verdict} = await load('pc-v2');
	assert.deepEqual(pick(verdict(delivery(1, 1), {items: 10, sentinelFrom: 'main'}, null, env)), ['left-in-queue', true]);
});

function pick(v: {code: string; broken: boolean}): [string, boolean] {
	return [v.code, v.broken];
}
