/**
 * End-to-end: input the run can only check against the machine — a --trace
 * target, TMPDIR, the --speed range — is refused on one line before anything
 * starts; a trace that still fails at the end keeps the summary; and a run
 * cut short by Ctrl-C reports the facts it gathered so far.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {MAX_TIMER_MS, realDelay} from '../scenarios/kit/scenario.ts';
import {writeTrace} from '../src/cli/trace.ts';
import {assertCleanedUp, assertJsonError, cli, parseJsonRun} from './support/cli.ts';
import type {CliResult, Watched} from './support/watched.ts';
import {startCli} from './support/watched.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-input-'));
after(() => fs.rmSync(scratch, {recursive: true, force: true}));

/** A fresh empty folder under the scratch folder. */
function folder(label: string): string {
	return fs.mkdtempSync(path.join(scratch, `${label}-`));
}

/** Every file below `dir` whose name ends in .tmp. */
function tmpFiles(dir: string): string[] {
	return (fs.readdirSync(dir, {recursive: true}) as string[]).filter(name => name.endsWith('.tmp'));
}

/** A one-line error, exit `code`: on stderr, or as a JSON error object with --json. */
function assertOneLineError(result: CliResult, code: number, errorCode: string, pattern: RegExp): void {
	const where = `sync-demo ${result.args.join(' ')}`;
	assert.equal(result.code, code, `${where}: exit ${code}; stderr: ${result.stderr}`);
	if (result.args.includes('--json')) {
		assertJsonError(result, errorCode, pattern);
	} else {
		assert.equal(result.stdout, '', `${where}: nothing on stdout`);
		assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, `${where}: one line on stderr: ${result.stderr}`);
		assert.match(result.stderr, new RegExp(`^error: ${pattern.source}`), where);
	}
}

/** The CLI with `tmp` as its TMPDIR, its stdout lines watched as they come (for a run acted on while it goes). */
const start = (args: string[], tmp: string): Watched => startCli(args, {env: {TMPDIR: tmp}});

describe('--trace to a place that cannot take it: exit 2, one line, nothing started', () => {
	test('a folder, /proc/version, an unwritable folder, a missing folder, a file as the folder', async () => {
		const out = folder('trace-target');
		fs.writeFileSync(path.join(out, 'plain-file'), '');
		const cases: Array<[string, RegExp]> = [
			[out, /--trace: .* is a directory/],
			['/proc/version', /--trace: cannot create a file in \/proc: /],
			['/proc/self/trace.json', /--trace: cannot create a file in \/proc\/self: /],
			[path.join(out, 'missing', 'trace.json'), /--trace: folder .*missing does not exist/],
			[path.join(out, 'plain-file', 'trace.json'), /--trace: cannot create a file in .*plain-file: not a directory/],
		];
		// Root writes anywhere chmod forbids; sysfs refuses new files even to root.
		if (fs.existsSync('/sys/kernel')) cases.push(['/sys/kernel/trace.json', /--trace: cannot create a file in \/sys\/kernel: permission denied/]);
		for (const [target, pattern] of cases) {
			for (const json of [false, true]) {
				const tmp = folder('tmpdir');
				const result = await cli(['queue', '--trace', target, ...(json ? ['--json'] : [])], {env: {TMPDIR: tmp}});
				assertOneLineError(result, 2, 'usage', pattern);
				assert.deepEqual(fs.readdirSync(tmp), [], `${target}: no run folder was made`);
				assert.deepEqual(tmpFiles(scratch), [], `${target}: no temp file left`);
			}
		}
		assert.deepEqual(fs.readdirSync(out).sort(), ['plain-file'], 'nothing was written next to the targets');
	});

	test('a target that is fine is probed without leaving anything, and written at the end', async () => {
		const out = folder('trace-ok');
		const tmp = folder('tmpdir');
		const target = path.join(out, 'trace.json');
		const result = await cli(['queue', '--trace', target, '--json'], {env: {TMPDIR: tmp}});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(fs.readdirSync(out), ['trace.json']);
		assert.ok(Array.isArray((JSON.parse(fs.readFileSync(target, 'utf8')) as {traceEvents: unknown}).traceEvents));
	});
});

describe('a trace that cannot be written at the end keeps the summary', () => {
	test('the target became a folder during the run: summary printed, one line on stderr, exit 1, no temp file', async () => {
		const out = folder('trace-late');
		const tmp = folder('tmpdir');
		const target = path.join(out, 'trace.json');
		// At --speed 0.5 the teacher waits 2 s before her message: time enough to put a folder in the trace's way.
		const run = start(['message', '--json', '--speed', '0.5', '--trace', target], tmp);
		await run.line(line => line.type === 'run', 'the run line');
		fs.mkdirSync(target);
		const result = await run.end(90_000);
		const {summary, pids} = parseJsonRun(result);
		assert.equal(result.code, 1);
		assert.equal(summary.exitCode, 1);
		assert.equal(summary.verdict.code, 'delivered', 'the run itself went well');
		assert.equal(summary.facts.received, 2);
		assert.match(summary.traceError, /cannot write .*trace\.json: it is a directory/);
		assert.deepEqual(result.stderr.split('\n').filter(Boolean), [`error: ${summary.traceError}`]);
		assert.deepEqual(fs.readdirSync(out), ['trace.json'], 'no temp file left beside the target');
		assertCleanedUp(result, pids);
		assert.deepEqual(fs.readdirSync(tmp), [], 'the run folder was removed');
	});

	test('writeTrace removes its temp file and says why in a few words', () => {
		const out = folder('trace-direct');
		const target = path.join(out, 'trace.json');
		fs.mkdirSync(target);
		assert.throws(() => writeTrace(target, [], 10, 'queue-basics'), /^Error: cannot write .*trace\.json: it is a directory$/);
		assert.deepEqual(fs.readdirSync(out), ['trace.json']);
	});
});

describe('an unusable TMPDIR: one line, exit 1, nothing started', () => {
	test('missing, a file, not writable', async () => {
		const base = folder('tmpdir-bad');
		fs.writeFileSync(path.join(base, 'a-file'), '');
		const cases: Array<[string, RegExp]> = [
			[path.join(base, 'nope'), /cannot create the run's folder in TMPDIR=.*nope: no such directory/],
			[path.join(base, 'a-file'), /cannot create the run's folder in TMPDIR=.*a-file: not a directory/],
		];
		// chmod does not stop root; sysfs refuses new folders to everyone.
		if (fs.existsSync('/sys/kernel')) cases.push(['/sys/kernel', /cannot create the run's folder in TMPDIR=\/sys\/kernel: permission denied/]);
		for (const [tmp, pattern] of cases) {
			for (const args of [['queue'], ['queue', '--json'], ['all', '--fast', '--json']]) {
				const result = await cli(args, {env: {TMPDIR: tmp}});
				assertOneLineError(result, 1, 'environment', pattern);
			}
		}
		assert.deepEqual(fs.readdirSync(base), ['a-file']);
	});
});

describe('--speed has a range', () => {
	test('too slow for a timer, or too fast: exit 2, both bounds named', async () => {
		for (const speed of ['1e-7', '0.0001', '5000', '0', '-1', 'Infinity']) {
			for (const json of [false, true]) {
				const result = await cli(['queue', '--speed', speed, ...(json ? ['--json'] : [])]);
				assertOneLineError(result, 2, 'usage', new RegExp(`.*--speed must be between 0\\.001 and 1000, got "${speed}"`));
			}
		}
	});

	test('every delay is clamped to what a timer can take', () => {
		assert.equal(realDelay({speed: 1e-7, seed: 1, lang: 'en'}, 600_000), MAX_TIMER_MS);
		assert.equal(realDelay({speed: 0.001, seed: 1, lang: 'en'}, 600_000), 600_000_000, 'the slowest speed keeps the longest sleep exact');
		assert.equal(realDelay({speed: 2, seed: 1, lang: 'en'}, -5), 0);
		assert.equal(realDelay({speed: 2, seed: 1, lang: 'en'}, 3000), 1500);
	});
});

describe('an interrupted run reports the facts gathered so far', () => {
	const cases: Array<{args: string[]; what: string; ready: (line: Record<string, any>) => boolean; check: (facts: Record<string, any>) => void}> = [
		{
			args: ['traffic', '--speed', '2', '--duration', '60', '--cars', '1', '--red', '2', '--green', '2'],
			what: 'a car to cross',
			ready: line => line.type === 'log' && /^car-/.test(line.proc) && / (goes|may go)/.test(line.text),
			check(facts) {
				assert.ok(facts.cars >= 1, 'cars so far');
				assert.ok(facts.waitedOnRed + facts.wentOnGreen >= 1, 'crossings so far');
				assert.equal(facts.wentWhileRed, 0);
			},
		},
		{
			args: ['arcade', '--speed', '1', '--customers', '4', '--machines', '2'],
			what: 'a customer to play',
			ready: line => line.type === 'sync' && line.op === 'acquired' && line.target === 'machines',
			check(facts) {
				assert.equal(facts.machines, 2);
				assert.equal(facts.customers, 4);
				assert.ok(facts.peakPlayers >= 1 && facts.peakPlayers <= 2, `peak ${facts.peakPlayers}`);
			},
		},
		{
			args: ['ticket', '--lock', '--clients', '5', '--tickets', '3', '--speed', '1'],
			what: 'a ticket sold',
			ready: line => line.type === 'log' && / bought a ticket$/.test(line.text),
			check(facts) {
				assert.equal(facts.clients, 5);
				assert.equal(facts.available, 3);
				assert.ok(facts.sold >= 1, `sold ${facts.sold}`);
				assert.equal(facts.left, facts.available - facts.sold, 'with the lock, what is left is what was not sold');
			},
		},
	];
	for (const {args, what, ready, check} of cases) {
		test(`${args[0]}: SIGINT after ${what}`, async () => {
			const tmp = folder('tmpdir');
			const run = start([...args, '--json'], tmp);
			await run.line(ready, what);
			process.kill(run.pid, 'SIGINT');
			const result = await run.end(90_000);
			const {summary, pids} = parseJsonRun(result);
			assert.equal(result.code, 130);
			assert.equal(summary.interrupted, 'SIGINT');
			check(summary.facts);
			assertCleanedUp(result, pids);
			assert.deepEqual(fs.readdirSync(tmp), [], 'the run folder was removed');
		});
	}
});
