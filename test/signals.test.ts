/**
 * Signals and failing output, end to end: the CLI exits as soon as its
 * summary is out, whatever the scenario still had pending; Ctrl-C during a
 * mass start is seen between two forks and no fork follows the stop; SIGHUP
 * ends a run like SIGTERM; a library program killed by a signal leaves no
 * folder and no child; stdout on /dev/full gives one line and exit 1. Time
 * bounds are safety nets against hangs, never timing assertions.
 *
 * Needs the build (`npm run build`): the bin and the fixture program run dist/.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import {after, describe, test} from 'node:test';
import {Process} from '../src/index.ts';
import {compiled} from '../src/run/resolve.ts';
import {Run} from '../src/run/run.ts';
import {assertCleanedUp, parseJsonRun} from './support/cli.ts';
import {fixtures} from './support/fixtures.ts';
import {bin} from './support/paths.ts';
import {isRunning, untilDead} from './support/processes.ts';
import {runFoldersOf} from './support/run-folders.ts';
import {until} from './support/wait.ts';
import type {CliResult, WatchOptions} from './support/watched.ts';
import {Watched} from './support/watched.ts';

const program = compiled(new URL('./fixtures/signal-program.ts', import.meta.url));
const TAG = 'SYNC_DEMO_TEST_TAG';

/** Live processes whose environment carries `tag`: a process a test started and everything it forked. */
function tagged(tag: string): number[] {
	return fs
		.readdirSync('/proc')
		.filter(name => /^\d+$/.test(name))
		.map(Number)
		.filter(pid => {
			try {
				return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`${TAG}=${tag}\0`) && isRunning(pid);
			} catch {
				return false;
			}
		});
}

const tags: string[] = [];
after(() => {
	// Whatever a failed test left running goes, by pid.
	for (const pid of tags.flatMap(tagged)) process.kill(pid, 'SIGKILL');
});

/** A process started by a test (the CLI or the fixture program), tagged in its environment so that all it forked can be found. */
class Running extends Watched {
	readonly tag: string;

	/** Runs `node <args>`, or `command <args>`. */
	constructor(args: string[], {command = process.execPath, stdout = 'pipe'}: {command?: string; stdout?: WatchOptions['stdout']} = {}) {
		const tag = randomUUID();
		super(command, args, {stdout, env: {[TAG]: tag}, args: []});
		this.tag = tag;
		tags.push(tag);
	}

	/** Wait for the end (the safety bound kills it, and the test fails). */
	override async end(bound = 60_000): Promise<CliResult> {
		const result = await super.end(bound);
		assert.notEqual(result.signal, 'SIGKILL', `the process did not end within the safety bound; stderr:\n${this.stderr}`);
		return result;
	}

	/** Nothing it started is left: no live process with its tag, no run folder it (or `owner`) owned. */
	async assertNothingLeft(owner = this.pid): Promise<void> {
		await until(() => tagged(this.tag).length === 0, `every process of ${this.pid} to end`);
		assert.deepEqual(runFoldersOf(owner), [], 'its run folder was removed');
	}
}

describe('the CLI exits once its summary is out, whatever the scenario had pending', () => {
	// Each stays in a sleep of its main code for many seconds after Ctrl-C unless the CLI exits by itself.
	const cases = [
		{
			args: ['queue-message', '--speed', '0.05', '--json'],
			started: (run: Running) => run.spawned.some(line => line.proc === 'girl'),
			done: (run: Running) => run.lines.some(line => line.type === 'summary'),
		},
		{
			args: ['traffic', '--duration', '5', '--speed', '0.01'],
			started: (run: Running) => /\bstarted\b/.test(run.stdout),
			done: (run: Running) => run.stdout.includes('exit status 130'),
		},
		{
			args: ['all', '--speed', '0.05', '--json'],
			started: (run: Running) => run.spawned.length > 0,
			done: (run: Running) => run.lines.some(line => line.type === 'all'),
		},
	];
	for (const {args, started, done} of cases) {
		test(`sync-demo ${args.join(' ')}: Ctrl-C, the summary, then the process is gone`, async () => {
			const run = new Running([bin, ...args]);
			await run.waitFor(() => started(run), 'the run to start');
			process.kill(run.pid, 'SIGINT');
			await run.waitFor(() => done(run), 'the summary');
			// 5 s is a safety bound: without the fix the process stays until the scenario's timer fires (20 s and more).
			await until(() => run.exit !== undefined, 'the process to exit after its summary', 5_000);
			const {code} = await run.end();
			assert.equal(code, 130);
			assert.equal(run.stderr.trim().split('\n').length, 1, `one line on stderr: ${run.stderr}`);
			await run.assertNothingLeft();
		});
	}
});

test('Ctrl-C during a mass start: no child is forked once the stop began', async () => {
	// maxsize 1: apart from the first putter, every child forked before the signal is still
	// alive when the stop begins, so its exit by the forwarded SIGINT marks the stop in the events.
	const run = new Running([bin, 'queue-safety', '--putters', '64', '--getters', '64', '--maxsize', '1', '--json']);
	await run.waitFor(() => run.spawned.length >= 2, 'two children forked');
	process.kill(run.pid, 'SIGINT');
	const result = await run.end();
	assert.equal(result.code, 130);
	const {events, pids} = parseJsonRun(result);
	const firstStopped = events.findIndex(event => event.type === 'exit' && event.signal === 'SIGINT');
	assert.ok(firstStopped >= 0, 'a child was stopped by the forwarded SIGINT');
	const lateSpawns = events.slice(firstStopped).filter(event => event.type === 'spawn');
	assert.deepEqual(lateSpawns, [], 'no spawn event once the stop began');
	// Before the fix all 128 forks ran in one go before the signal could be seen.
	assert.ok(pids.length < 128, `the run stopped forking (${pids.length} children)`);
	assert.equal(run.stderr.match(/stopping the run/g)?.length, 1, run.stderr);
	assertCleanedUp(result, pids);
	await run.assertNothingLeft();
});

test('a stop that begins during Promise.all(start()) lets no later fork happen', async () => {
	const run = Run.current();
	let stopping: Promise<void> | undefined;
	let lateSpawns = 0;
	const off = run.on(event => {
		if (event.type !== 'spawn') return;
		if (stopping) lateSpawns++;
		else stopping = run.stop();
	});
	const procs = Array.from({length: 6}, (_, i) => new Process({module: fixtures.process, target: 'sleepForever', name: `mass-${i}`}));
	const results = await Promise.allSettled(procs.map(proc => proc.start()));
	await stopping;
	off();
	assert.equal(lateSpawns, 0, 'no spawn after stop()');
	assert.equal(results[0]!.status, 'fulfilled', 'the first child was forked');
	for (const result of results.slice(1)) assert.match(String((result as PromiseRejectedResult).reason), /the run is stopping/);
	assert.equal(run.ended, true);
	assert.equal(fs.existsSync(run.dir), false, 'the run folder was removed');
	assert.equal(isRunning(procs[0]!.pid!), false);
});

test('SIGHUP (the terminal closed) ends a run like SIGTERM: summary, children stopped, folder removed, exit 129', async () => {
	const run = new Running([bin, 'queue-message', '--speed', '0.05', '--json']);
	await run.waitFor(() => run.spawned.some(line => line.proc === 'girl'), 'both children');
	process.kill(run.pid, 'SIGHUP');
	const result = await run.end();
	assert.equal(result.code, 129);
	const {summary, pids} = parseJsonRun(result);
	assert.equal(summary.interrupted, 'SIGHUP');
	assert.equal(summary.verdict.code, 'interrupted');
	assert.match(run.stderr, /^sync-demo: SIGHUP received, stopping the run/);
	assertCleanedUp(result, pids);
	await run.assertNothingLeft();
});

// Python's pty module gives the CLI a real terminal to lose; without python3 the test is skipped.
const HANG_UP = `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
while b'girl' not in out:
    out += os.read(fd, 4096)
os.close(fd)
print(pid, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
`;
const python = spawnSync('python3', ['-c', 'import pty'], {stdio: 'ignore'}).status === 0;

test('the terminal closes under a run: stopped as on SIGHUP, exit 129, nothing left', {skip: !python && 'no python3 for a pseudo-terminal'}, async () => {
	const run = new Running(['-c', HANG_UP, process.execPath, bin, 'queue-message', '--speed', '0.05'], {command: 'python3'});
	const {code} = await run.end();
	assert.equal(code, 0, run.stderr);
	const [pid, status] = run.stdout.trim().split(' ').map(Number);
	// Before, Node aborted on its way out, restoring the modes of the dead terminal.
	assert.equal(status, 129, 'the CLI exits 129');
	await run.assertNothingLeft(pid);
});

describe('a library program killed by a signal', () => {
	const cases = [...(['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map(signal => ({signal, mode: []})), {signal: 'SIGTERM' as const, mode: ['second-run']}];
	for (const {signal, mode} of cases) {
		test(`${signal}${mode.length > 0 ? ` (${mode[0]})` : ''}: it dies of the signal and leaves no run folder and no child`, async () => {
			const run = new Running([...program.execArgv, program.file, ...mode]);
			await run.waitFor(() => run.lines.length > 0, 'the program to report');
			const report = run.lines[0] as {pid: number; dir: string; children: number[]};
			assert.ok(fs.existsSync(report.dir));
			for (const pid of report.children) assert.equal(isRunning(pid), true, `child ${pid} runs before the signal`);
			process.kill(run.pid, signal);
			const {signal: endedBy} = await run.end();
			assert.equal(endedBy, signal, 'the program ended as the signal ends it');
			assert.equal(fs.existsSync(report.dir), false, 'the run folder was removed');
			await untilDead(report.children, `children ${report.children.join(', ')} to end`);
			await run.assertNothingLeft();
		});
	}

	test('with its own handler (process.once) the program decides; the folder goes when it exits', async () => {
		const run = new Running([...program.execArgv, program.file, 'own-handler']);
		await run.waitFor(() => run.lines.length > 0, 'the program to report');
		const report = run.lines[0] as {pid: number; dir: string; children: number[]};
		process.kill(run.pid, 'SIGTERM');
		const {code} = await run.end();
		assert.equal(code, 0, run.stderr);
		assert.deepEqual(run.lines[1], {handled: 'SIGTERM', dirKept: true}, 'the library left the signal to the program');
		assert.equal(fs.existsSync(report.dir), false, 'the exit hook removed the folder');
		await untilDead(report.children, `children ${report.children.join(', ')} to end`);
		await run.assertNothingLeft();
	});
});

describe('stdout on /dev/full', () => {
	for (const args of [
		['queue-safety', '--json'],
		['ticket', '--lock', '--fast'],
	]) {
		test(`sync-demo ${args.join(' ')}: one line on stderr, exit 1, no folder, no child`, async () => {
			const full = fs.openSync('/dev/full', 'w');
			const run = new Running([bin, ...args], {stdout: full});
			fs.closeSync(full);
			const {code} = await run.end();
			assert.equal(code, 1);
			assert.equal(run.stderr, 'sync-demo: cannot write output: ENOSPC (no space left on device)\n');
			await run.assertNothingLeft();
		});
	}
});
