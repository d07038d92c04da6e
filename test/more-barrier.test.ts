/**
 * barrier through the CLI: runners that arrive apart start together, none
 * before the last has lined up; with --no-show the barrier times out and
 * every runner waiting gets BrokenBarrierError (the lesson: exit 0, 1 under
 * --strict); bad option values exit 2.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {JsonRun} from './support/cli.ts';
import {cli, jsonRun, pool} from './support/cli.ts';

/** The run times of the runners' lines that carry `key`. */
const times = (run: JsonRun, key: string) =>
	run.events.filter(event => event.type === 'log' && typeof event.data?.[key] === 'number').map(event => event.t as number);

describe('barrier', () => {
	test('everyone lines up, then all start: no start before the last arrival', async () => {
		const [run, six] = await pool(2, [() => jsonRun(['barrier', '--fast', '--strict']), () => jsonRun(['race-start', '--runners', '6', '--fast'])]);
		for (const [r, n] of [
			[run!, 4],
			[six!, 6],
		] as const) {
			assert.equal(r.summary.verdict.code, 'together', JSON.stringify(r.summary));
			assert.equal(r.result.code, 0);
			const arrived = times(r, 'arrived');
			const started = times(r, 'started');
			assert.equal(arrived.length, n);
			assert.equal(started.length, n);
			assert.ok(Math.min(...started) >= Math.max(...arrived), `first start ${Math.min(...started)} before last arrival ${Math.max(...arrived)}`);
			assert.deepEqual([r.summary.facts.arrived, r.summary.facts.started, r.summary.facts.brokenFor], [n, n, 0]);
			// The barrier passed once: n-1 runners waited and were woken, the last one's arrival let them go.
			const ops = r.events.filter(event => event.type === 'sync' && event.kind === 'barrier');
			assert.equal(ops.filter(event => event.op === 'passed').length, 1);
			assert.equal(ops.filter(event => event.op === 'wait').length, n - 1);
			assert.equal(ops.filter(event => event.op === 'woke').length, n - 1);
		}
	});

	test('--no-show: the barrier times out and breaks for every runner waiting; exit 0, 1 under --strict', async () => {
		const [run, strict, two] = await pool(2, [
			() => jsonRun(['barrier', '--no-show', '1', '--fast']),
			() => jsonRun(['barrier', '--no-show', '1', '--barrier-timeout', '1', '--fast', '--strict']),
			() => jsonRun(['barrier', '--runners', '5', '--no-show', '2', '--fast']),
		]);
		for (const [r, waiting] of [
			[run!, 3],
			[strict!, 3],
			[two!, 3],
		] as const) {
			assert.equal(r.summary.verdict.code, 'broken', JSON.stringify(r.summary));
			assert.deepEqual([r.summary.facts.arrived, r.summary.facts.started, r.summary.facts.brokenFor], [waiting, 0, waiting]);
			assert.equal(times(r, 'broken').length, waiting);
			assert.ok(r.events.some(event => event.type === 'sync' && event.kind === 'barrier' && event.op === 'broken'));
			assert.equal(r.summary.hang, undefined, 'a barrier with a timeout does not hang');
		}
		assert.equal(run!.result.code, 0, 'the broken barrier is the lesson');
		assert.equal(strict!.result.code, 1);
	});

	test('bad option values exit 2', async () => {
		const results = await pool(2, [
			() => cli(['barrier', '--runners', '1']),
			() => cli(['barrier', '--no-show', '4']),
			() => cli(['barrier', '--runners', '3', '--no-show', '5']),
			() => cli(['barrier', '--barrier-timeout', '0']),
			() => cli(['barrier', '--no-show', '-1']),
		]);
		for (const result of results) {
			assert.equal(result.code, 2, `${result.args.join(' ')}: ${result.stderr}`);
			assert.equal(result.stdout, '');
		}
		assert.match(results[1]!.stderr, /--no-show must be less than --runners \(4\), got 4/);
	});
});
