/**
 * rlock through the CLI: with a Lock the recursive worker deadlocks on
 * itself, named as such ("holds lock "L" and waits for it again"), exit 0
 * and 1 under --strict; with --rlock every level takes the lock and lets
 * it go; bad option values exit 2.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {cli, jsonRun, pool} from './support/cli.ts';

describe('rlock', () => {
	test('a Lock taken twice by its holder: a self-deadlock, named; exit 0, 1 under --strict', async () => {
		const [run, strict] = await pool(2, [() => jsonRun(['rlock', '--fast']), () => jsonRun(['reentrant', '--depth', '5', '--fast', '--strict'])]);
		for (const r of [run!, strict!]) {
			assert.equal(r.summary.verdict.code, 'self-deadlock', JSON.stringify(r.summary));
			assert.deepEqual([r.summary.facts.deepest, r.summary.facts.released, r.summary.facts.waitedForItself], [1, 0, true]);
			const worker = r.events.find(event => event.type === 'spawn' && event.proc === 'worker')!;
			assert.ok(
				r.summary.hang.includes(`worker (pid ${worker.pid}) holds lock "L" and waits for it again in lock.acquire(): a deadlock (a Lock is not reentrant)`),
				r.summary.hang.join('\n'),
			);
		}
		assert.equal(run!.result.code, 0, 'the self-deadlock is the lesson');
		assert.equal(strict!.result.code, 1);
	});

	test('--rlock: every level takes the lock again and lets it go, in reverse order', async () => {
		const [three, seven] = await pool(2, [
			() => jsonRun(['rlock', '--rlock', '--fast', '--strict']),
			() => jsonRun(['rlock', '--rlock', '--depth', '7', '--fast']),
		]);
		for (const [r, depth] of [
			[three!, 3],
			[seven!, 7],
		] as const) {
			assert.equal(r.summary.verdict.code, 'reentered', JSON.stringify(r.summary));
			assert.deepEqual([r.summary.facts.deepest, r.summary.facts.released, r.summary.facts.waitedForItself], [depth, depth, false]);
			assert.equal(r.summary.hang, undefined);
			assert.equal(r.result.code, 0);
			const levels = r.events.filter(event => event.type === 'log' && event.proc === 'worker' && event.data !== undefined);
			const held = levels.filter(event => event.data.level !== undefined).map(event => event.data.level);
			const letGo = levels.filter(event => event.data.released !== undefined).map(event => event.data.released);
			assert.deepEqual(
				held,
				Array.from({length: depth}, (_, i) => i + 1),
			);
			assert.deepEqual(
				letGo,
				Array.from({length: depth}, (_, i) => depth - i),
			);
			// The depth the RLock counted at each level is in its line.
			assert.ok(levels.some(event => event.text === `level ${depth}: holds lock L (depth ${depth})`));
			// Taken from free once, let go at depth 0 once.
			const ops = r.events.filter(event => event.type === 'sync' && event.kind === 'rlock').map(event => event.op);
			assert.deepEqual(ops, ['acquired', 'release']);
		}
	});

	test('bad option values exit 2', async () => {
		const results = await pool(2, [() => cli(['rlock', '--depth', '0']), () => cli(['rlock', '--depth', '101']), () => cli(['rlock', '--rlock', 'yes'])]);
		for (const result of results) {
			assert.equal(result.code, 2, `${result.args.join(' ')}: ${result.stderr}`);
			assert.equal(result.stdout, '');
		}
	});
});
