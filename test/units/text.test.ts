import assert from 'node:assert/strict';
import {test} from 'node:test';
import {displayWidth, suggest, terminalWidth, wrap, wrapIndented} from '../../src/cli/text.ts';
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

test('displayWidth: a Chinese character takes two columns, colour codes none', () => {
	assert.equal(displayWidth('abc'), 3);
	assert.equal(displayWidth('剩余票数1'), 9);
	assert.equal(displayWidth('\u001b[32m✔\u001b[39m ok'), 4);
	assert.equal(displayWidth('（进程号 1）'), 12);
});

test('wrap breaks Chinese between characters, never before closing punctuation, and indents continuation lines', () => {
	const text = '消费者在 get() 上无限循环; 教程的下一个版本用异常 (pc-v1) 或结束信号 (pc-v2) 让它结束。';
	const lines = wrapIndented(text, 20, 4);
	assert.ok(
		lines.every(line => displayWidth(line) <= 20),
		lines.join('|'),
	);
	assert.ok(lines.length > 3);
	assert.ok(
		lines.slice(1).every(line => line.startsWith('    ') && !/^\s*[，。;:)]/.test(line)),
		lines.join('|'),
	);
	// Nothing lost: the same characters, spaces aside.
	assert.equal(lines.join('').replace(/\s+/g, ''), text.replace(/\s+/g, ''));
	assert.deepEqual(wrap('fits  as  it is', 80), ['fits  as  it is']);
	assert.deepEqual(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij'], 'a word longer than the line is cut');
});

test('terminalWidth: the terminal, else COLUMNS, else 80', () => {
	assert.equal(terminalWidth({isTTY: true, columns: 120}, {}), 120);
	assert.equal(terminalWidth({isTTY: false}, {COLUMNS: '100'}), 100);
	assert.equal(terminalWidth({isTTY: false}, {}), 80);
	assert.equal(terminalWidth({isTTY: false}, {COLUMNS: 'wide'}), 80);
});
