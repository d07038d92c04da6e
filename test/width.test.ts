/**
 * Everything sync-demo prints fits the terminal: 80 columns when it is no
 * terminal (as here), COLUMNS when set; long lines are wrapped with their
 * continuation indented, not cut. (The Chinese output is measured in
 * test/lang.test.ts, on the same runs as its English check.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {describe, test} from 'node:test';
import {catalog} from '../scenarios/index.ts';
import {cli, pool} from './support/cli.ts';
import {tooWide} from './support/width.ts';

/** The example programs `sync-demo run` takes. */
const EXAMPLES = fs.readdirSync(new URL('../examples/', import.meta.url)).filter(name => name.endsWith('.ts'));

describe('80 columns when the width is unknown', () => {
	test('every scenario at --fast, list, explain, help, run of each example', async () => {
		const results = await pool(2, [
			() => cli(['all', '--fast', '--timeline']),
			() => cli(['queue-safety', '--putters', '3', '--getters', '5', '--fast']),
			() => cli(['pc-v1', '--consumer-delay', '0.2', '--fast']),
			() => cli(['list']),
			() => cli(['--help']),
			...catalog.map(entry => () => cli(['explain', entry.name])),
			...catalog.map(entry => () => cli(['explain', entry.name, '--code'])),
			...catalog.map(entry => () => cli([entry.name, '--help'])),
			() => cli(['run', '--help']),
			...EXAMPLES.map(name => () => cli(['run', `examples/${name}`])),
		]);
		assert.deepEqual(
			results.flatMap(result => tooWide(result)),
			[],
		);
		// The queue's verdict is longer than a line: wrapped, its continuation indented.
		const all = results[0]!.stdout;
		const verdict = /^✔ fifo: .*\n((?: {2}\S.*\n)+)/m.exec(all);
		assert.ok(verdict, `the fifo verdict continues on indented lines:\n${all}`);
		assert.match(verdict[0].replace(/\s+/g, ' '), /getNowait\(\) on an empty queue raised Empty/);
	});

	test('COLUMNS narrows the output', async () => {
		const results = await pool(2, [
			() => cli(['queue', '--fast'], {env: {COLUMNS: '60'}}),
			() => cli(['pc-v0', '--fast', '--lang', 'zh'], {env: {COLUMNS: '60'}}),
			() => cli(['list'], {env: {COLUMNS: '60'}}),
			() => cli(['run', 'examples/worker-pool.ts', '--lang', 'zh'], {env: {COLUMNS: '60'}}),
		]);
		assert.deepEqual(
			results.flatMap(result => tooWide(result, 60)),
			[],
		);
		// The hang explanation in Chinese wraps between characters.
		assert.match(results[1]!.stdout, /^ {2}consumer \(进程号 \d+\) 阻塞在 queue\.get\(\):.*\n {4}\S/m);
	});
});
