import assert from 'node:assert/strict';
import {test} from 'node:test';
import {suggest, wrap} from '../../src/cli/text.ts';
import {integer, speedFactor} from '../../src/cli/validate.ts';

test('wrap breaks at spaces within the width and loses no word', () => {
	const text = 'a JoinableQueue counts unfinished tasks: put() adds one, taskDone() removes one';
	const lines = wrap(text, 20);
	assert.ok(
		lines.every(line => line.length <= 20),
		lines.join('|'),
	);
	assert.equal(lines.join(' '), text);
});

test('suggest names the closest within 3 edits, else points to the list', () => {
	assert.equal(suggest('tickt', ['ticket-grab', 'ticket', 'arcade']), '; did you mean ticket?');
	assert.equal(suggest('zzzzzzz', ['ticket', 'arcade']), '; see sync-demo list');
});

test('option parsers: whole numbers in range, --speed between both bounds', () => {
	const count = integer('--n', 1, 64);
	assert.equal(count('64'), 64);
	for (const bad of ['0', '65', '1.5', '-1', 'abc', '']) assert.throws(() => count(bad), /expected a positive integer|too large for --n/);
	assert.equal(speedFactor('0.001'), 0.001);
	for (const bad of ['1e-7', '5000', '0', 'Infinity', 'x']) assert.throws(() => speedFactor(bad), /between 0\.001 and 1000/);
});
