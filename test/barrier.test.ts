import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {inspect} from 'node:util';
import {Barrier, Lock} from '../src/index.ts';
import {barrierSuite} from './support/barrier-suite.ts';
import {fixtures} from './support/fixtures.ts';

describe('Barrier: bad input', () => {
	test('parties must be an integer ≥ 1; timeouts numbers of ms ≥ 0', async () => {
		for (const parties of [0, -1, 1.5, Number.NaN, '3' as unknown as number]) {
			assert.throws(() => new Barrier(parties), {name: 'TypeError', message: /^Expected `parties` to be an integer ≥ 1, got /});
		}
		assert.throws(() => new Barrier(2, {timeout: -1}), {name: 'TypeError', message: /^Expected `timeout` to be a number of milliseconds ≥ 0, got -1/});
		const barrier = new Barrier(2);
		await assert.rejects(barrier.wait({timeout: -5}), {name: 'TypeError', message: /^Expected `timeout`/});
		assert.equal(barrier.parties, 2);
		assert.equal(inspect(barrier), '<Barrier(parties=2)>');
	});

	test('the action is {module, target} naming an exported function, with plain-data arguments', () => {
		assert.throws(() => new Barrier(2, {action: (() => {}) as never}), {name: 'TypeError', message: /got a function \(it cannot reach other processes\)/});
		assert.throws(() => new Barrier(2, {action: {module: fixtures.barrier, target: ''}}), {
			message: /^Expected `action.target` to be the name of an exported function/,
		});
		assert.throws(() => new Barrier(2, {action: {module: 42 as never, target: 'recordAction'}}), {message: /^Expected `action.module`/});
		assert.throws(() => new Barrier(2, {action: {module: fixtures.barrier, target: 'recordAction', args: 'x' as never}}), {
			message: /^Expected `action.args` to be an array/,
		});
		assert.throws(() => new Barrier(2, {action: {module: fixtures.barrier, target: 'recordAction', args: [() => {}]}}), {
			name: 'TypeError',
			message: /cannot be copied/,
		});
		assert.throws(() => new Barrier(2, {action: {module: fixtures.barrier, target: 'recordAction', args: [new Lock()]}}), {
			name: 'TypeError',
			message: /got a primitive/,
		});
	});
});

// The cases across processes on a watched run (test/barrier-unwatched.test.ts runs them unwatched).
barrierSuite(true);
