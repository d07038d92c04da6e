/**
 * counter-race through the CLI: without the lock the four workers lose
 * updates (expected vs got, every run: the default work is sized so that
 * their loops always overlap), exit 0 and 1 under --strict; with --lock every
 * increment is made holding the value's lock, one holder at a time, and the
 * total is exact; bad option values exit 2.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {cli, jsonRun, pool} from './support/cli.ts';

describe('counter-race', () => {
	test('without the lock: updates are lost; exit 0, 1 under --strict', async () => {
		const [run, strict, two] = await pool(2, [
			() => jsonRun(['counter-race', '--fast']),
			() => jsonRun(['counter', '--fast', '--strict']),
			() => jsonRun(['value', '--workers', '2', '--fast']),
		]);
		for (const [r, workers] of [
			[run!, 4],
			[strict!, 4],
			[two!, 2],
		] as const) {
			assert.equal(r.summary.verdict.code, 'lost-updates', JSON.stringify(r.summary));
			assert.equal(r.summary.facts.expected, workers * 10_000);
			assert.ok(r.summary.facts.total < r.summary.facts.expected && r.summary.facts.total > 0, JSON.stringify(r.summary.facts));
			// Every worker did all its increments: the missing ones were lost, not skipped.
			const done = r.events.filter(event => event.type === 'log' && event.data?.done !== undefined).map(event => event.data.done);
			assert.deepEqual(done, Array(workers).fill(10_000));
		}
		assert.equal(run!.result.code, 0, 'the lost updates are the lesson');
		assert.equal(strict!.result.code, 1);
	});

	test('--lock: every += 1 under the lock, one holder at a time, the total exact', async () => {
		const [run, small] = await pool(2, [
			() => jsonRun(['counter-race', '--lock', '--fast', '--strict']),
			() => jsonRun(['counter', '--lock', '--workers', '3', '--increments', '500', '--fast']),
		]);
		for (const [r, expected] of [
			[run!, 40_000],
			[small!, 1500],
		] as const) {
			assert.equal(r.summary.verdict.code, 'exact', JSON.stringify(r.summary));
			assert.deepEqual([r.summary.facts.expected, r.summary.facts.total], [expected, expected]);
			assert.equal(r.result.code, 0);
			// The lock's events, in the order they happened (their times; a release first at the same
			// instant): taken once per increment, and never by two at once.
			let holder: string | null = null;
			let taken = 0;
			const inTime = [...r.events].sort((a, b) => a.t - b.t || Number(b.op === 'release') - Number(a.op === 'release'));
			for (const event of inTime) {
				if (event.type !== 'sync' || event.kind !== 'rlock' || event.target !== 'counter.lock') continue;
				if (event.op === 'acquired') {
					assert.equal(holder, null, `${event.proc} took the lock held by ${holder}`);
					holder = event.proc;
					taken++;
				}
				if (event.op === 'release') {
					assert.equal(holder, event.proc);
					holder = null;
				}
			}
			assert.equal(taken, expected);
		}
	});

	test('the text output counts the lock steps instead of printing them', async () => {
		const result = await cli(['counter', '--lock', '--workers', '2', '--increments', '100', '--fast']);
		assert.equal(result.code, 0);
		assert.doesNotMatch(result.stdout, /acquired rlock counter\.lock/);
		assert.match(result.stdout.replace(/\s+/g, ' '), /· \d+ steps of the value's lock were not printed one a line; --json has them/);
	});

	test('bad option values exit 2', async () => {
		const results = await pool(2, [
			() => cli(['counter', '--workers', '1']),
			() => cli(['counter', '--workers', '17']),
			() => cli(['counter', '--increments', '0']),
			() => cli(['counter', '--increments', 'many']),
		]);
		for (const result of results) {
			assert.equal(result.code, 2, `${result.args.join(' ')}: ${result.stderr}`);
			assert.equal(result.stdout, '');
		}
	});
});
