/**
 * dining-philosophers through the CLI: without a fix the five deadlock and
 * the whole circle of waits is named (hang lines and verdict), exit 0, 1
 * under --strict; --fix ordered and --fix butler feed everyone with no fork
 * held by two; bad option values exit 2. `list` shows the lessons beyond
 * the tutorial in a group after its 13.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {JsonRun} from './support/cli.ts';
import {cli, jsonRun, pool} from './support/cli.ts';

/**
 * A run's sync events of the fork locks in the order they happened (their
 * times: each process's messages travel on its own channel, so arrival order
 * may differ), a release first at the same instant: no fork is ever
 * acquired while another philosopher holds it.
 */
function assertNoForkShared(run: JsonRun): void {
	const holder = new Map<string, string>();
	const inTime = [...run.events].sort((a, b) => a.t - b.t || Number(b.op === 'release') - Number(a.op === 'release'));
	for (const event of inTime) {
		if (event.type !== 'sync' || event.kind !== 'lock') continue;
		if (event.op === 'acquired') {
			assert.equal(holder.get(event.target), undefined, `${event.proc} took ${event.target} held by ${holder.get(event.target)}`);
			holder.set(event.target, event.proc);
		}
		if (event.op === 'release' || event.op === 'recovered') holder.delete(event.target);
	}
}

describe('dining-philosophers', () => {
	test('without a fix: a deadlock, the full circle named; exit 0, 1 under --strict', async () => {
		const [run, strict, three] = await pool(2, [
			() => jsonRun(['dining-philosophers', '--fast']),
			() => jsonRun(['philosophers', '--fast', '--strict']),
			() => jsonRun(['philosophers', '--philosophers', '3', '--fast']),
		]);
		for (const [r, n] of [
			[run!, 5],
			[strict!, 5],
			[three!, 3],
		] as const) {
			assert.equal(r.summary.verdict.code, 'deadlock', JSON.stringify(r.summary));
			assert.equal(r.summary.facts.mealsEaten, 0);
			assert.deepEqual(
				[...r.summary.facts.waitCircle].sort(),
				Array.from({length: n}, (_, i) => i),
			);
			// One hang line names the whole circle: every philosopher once, each fork once, back to the first.
			const cycle = (r.summary.hang as string[]).filter(line => line.endsWith(': a deadlock'));
			assert.equal(cycle.length, 1, r.summary.hang.join('\n'));
			for (let i = 0; i < n; i++) {
				assert.equal(cycle[0]!.match(new RegExp(`philosopher-${i} \\(pid \\d+\\)`, 'g'))?.length, 1, `philosopher-${i} in ${cycle[0]}`);
				assert.equal(cycle[0]!.match(new RegExp(`waits for lock "fork-${i}"`, 'g'))?.length, 1, `fork-${i} waited for in ${cycle[0]}`);
			}
			const first = /^(philosopher-\d) /.exec(cycle[0]!)![1];
			assert.ok(cycle[0]!.endsWith(`held by ${first}: a deadlock`), cycle[0]);
			// The verdict tells the same circle from the recorded events.
			assert.match(r.summary.verdict.sentence, /^philosopher-\d holds fork-\d and waits for fork-\d, held by philosopher-\d, who waits for/);
			assertNoForkShared(r);
		}
		assert.equal(run!.result.code, 0, 'the deadlock is the lesson');
		assert.equal(strict!.result.code, 1, '--strict fails on the demonstrated deadlock');
	});

	test('--fix ordered and --fix butler: every meal eaten, no fork held by two', async () => {
		const runs = await pool(2, [
			() => jsonRun(['philosophers', '--fix', 'ordered', '--fast']),
			() => jsonRun(['philosophers', '--fix', 'butler', '--fast', '--strict']),
			() => jsonRun(['philosophers', '--fix', 'ordered', '--philosophers', '7', '--meals', '2', '--fast']),
		]);
		for (const [i, run] of runs.entries()) {
			const planned = i === 2 ? 14 : 15;
			assert.equal(run.summary.verdict.code, 'fed', JSON.stringify(run.summary));
			assert.equal(run.summary.facts.mealsEaten, planned);
			assert.equal(run.summary.facts.mostHoldersOfAFork, 1);
			assert.equal(run.summary.hang, undefined);
			assert.equal(run.result.code, 0);
			assertNoForkShared(run);
			// Each philosopher ate each of its meals once.
			const meals = run.events.filter(event => event.type === 'log' && event.data?.ate !== undefined).map(event => `${event.data.ate}/${event.data.meal}`);
			assert.equal(new Set(meals).size, planned);
		}
		// The butler seats at most n-1: never more than 4 permits out at once.
		const seated = runs[1]!.events.filter(event => event.type === 'sync' && event.kind === 'semaphore' && event.target === 'butler' && event.op === 'acquired');
		assert.equal(seated.length, 15);
		assert.ok(seated.every(event => Number(event.holders) <= 4));
	});

	test('bad option values exit 2', async () => {
		const results = await pool(2, [
			() => cli(['philosophers', '--fix', 'waiter']),
			() => cli(['philosophers', '--philosophers', '1']),
			() => cli(['philosophers', '--meals', '0']),
			() => cli(['philosophers', '--philosophers', '33']),
		]);
		for (const result of results) {
			assert.equal(result.code, 2, `${result.args.join(' ')}: ${result.stderr}`);
			assert.equal(result.stdout, '');
		}
		assert.match(results[0]!.stderr, /--fix.*'waiter'.*none, ordered, butler/);
	});
});

describe('list: the lessons beyond the tutorial come after its 13', () => {
	test('in a group of their own', async () => {
		const [table, json] = await Promise.all([cli(['list']), cli(['list', '--json'])]);
		const listed = JSON.parse(json.stdout) as Array<{name: string; group: string}>;
		const groups = listed.map(s => s.group);
		assert.deepEqual(groups.slice(0, 13), Array(13).fill('tutorial'));
		assert.ok(groups.length > 13 && groups.slice(13).every(group => group === 'more'), groups.join());
		assert.equal(listed[13]!.name, 'dining-philosophers');
		const heading = table.stdout.indexOf('beyond the tutorial');
		assert.ok(heading > table.stdout.indexOf('joinable') && heading < table.stdout.indexOf('dining-philosophers'), table.stdout);
	});
});
