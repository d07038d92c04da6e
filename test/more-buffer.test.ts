/**
 * bounded-buffer through the CLI: consumers that wait under `while` take
 * every item once, the buffer's count never below 0 nor over its capacity;
 * with --bug if a consumer woken for an item already taken takes from the
 * empty buffer (underflow: the lesson, exit 0, 1 under --strict); bad
 * option values exit 2.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {JsonRun} from './support/cli.ts';
import {cli, jsonRun, pool} from './support/cli.ts';

/** The counts left by the puts and the takes, in the order they were logged. */
function counts(run: JsonRun, key: 'put' | 'took'): number[] {
	return run.events.filter(event => event.type === 'log' && typeof event.data?.[key] === 'number').map(event => event.data.count as number);
}

describe('bounded-buffer', () => {
	test('while: every item put and taken once, the count within 0..capacity', async () => {
		const [run, tight] = await pool(2, [
			() => jsonRun(['bounded-buffer', '--fast', '--strict']),
			() => jsonRun(['condition', '--producers', '3', '--consumers', '3', '--items', '12', '--capacity', '1', '--fast']),
		]);
		for (const [r, items, capacity] of [
			[run!, 10, 3],
			[tight!, 12, 1],
		] as const) {
			assert.equal(r.summary.verdict.code, 'complete', JSON.stringify(r.summary));
			assert.equal(r.result.code, 0);
			const puts = counts(r, 'put');
			const takes = counts(r, 'took');
			assert.equal(puts.length, items);
			assert.equal(takes.length, items);
			assert.ok(
				[...puts, ...takes].every(count => count >= 0 && count <= capacity),
				`counts ${puts} / ${takes}`,
			);
			assert.deepEqual([r.summary.facts.takenFromEmpty, r.summary.facts.lowestCount >= 0], [0, true]);
			// The counts tell one story: each put one more, each take one less, in the order they
			// happened (their times: each process's lines travel on its own channel).
			let count = 0;
			const lines = r.events.filter(e => e.type === 'log' && e.data?.count !== undefined).sort((a, b) => a.t - b.t);
			for (const event of lines) {
				count += event.data.put !== undefined ? 1 : -1;
				assert.equal(event.data.count, count, event.text);
			}
		}
	});

	test('--bug if: a consumer takes from the empty buffer; exit 0, 1 under --strict', async () => {
		const [run, strict] = await pool(2, [
			() => jsonRun(['bounded-buffer', '--bug', 'if', '--fast']),
			() => jsonRun(['condition', '--bug', 'if', '--fast', '--strict']),
		]);
		for (const r of [run!, strict!]) {
			assert.equal(r.summary.verdict.code, 'underflow', JSON.stringify(r.summary));
			const fromEmpty = counts(r, 'took').filter(count => count < 0);
			assert.ok(fromEmpty.length > 0);
			assert.equal(r.summary.facts.takenFromEmpty, fromEmpty.length);
			assert.equal(r.summary.facts.lowestCount, Math.min(...counts(r, 'took')));
			assert.ok(r.events.some(event => event.type === 'log' && /from an EMPTY buffer/.test(event.text)));
		}
		assert.equal(run!.result.code, 0, 'the underflow is the lesson');
		assert.equal(strict!.result.code, 1);
	});

	test('bad option values exit 2', async () => {
		const results = await pool(2, [
			() => cli(['condition', '--bug', 'while']),
			() => cli(['condition', '--capacity', '0']),
			() => cli(['condition', '--items', '1', '--producers', '2']),
			() => cli(['condition', '--consumers', '17']),
		]);
		for (const result of results) {
			assert.equal(result.code, 2, `${result.args.join(' ')}: ${result.stderr}`);
			assert.equal(result.stdout, '');
		}
		assert.match(results[2]!.stderr, /--items must be at least --producers \(2\), got 1/);
	});
});
