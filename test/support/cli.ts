/**
 * Helpers for the end-to-end tests: run the real bin (`bin/sync-demo.js`,
 * which runs the build in dist/), check the shape of its `--json` output,
 * and check what every run must leave behind: no live process, no run folder.
 */
import assert from 'node:assert/strict';
import {assertReaped} from './processes.ts';
import {runFoldersOf} from './run-folders.ts';
import type {CliResult} from './watched.ts';
import {startCli} from './watched.ts';

/** Everything a `--json` run printed, checked for shape. */
export interface JsonRun {
	run: Record<string, any>;
	events: Array<Record<string, any>>;
	summary: Record<string, any>;
	/** pids of the children, from the `spawn` events. */
	pids: number[];
	/** The process's own result: exit code, output. */
	result: CliResult;
}

/**
 * Run the CLI to its end. `bound` (ms) is only a safety net that kills a
 * run which never ends (and fails the test): never a timing assertion.
 */
export async function cli(args: string[], {bound = 90_000, env = {}}: {bound?: number; env?: Record<string, string>} = {}): Promise<CliResult> {
	const run = startCli(args, {env: {FORCE_COLOR: undefined, ...env}});
	const result = await run.end(bound);
	if (run.timedOut) throw new Error(`sync-demo ${args.join(' ')} did not end within the safety bound; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
	return result;
}

/** Run `tasks` with at most `limit` at a time (the machine has 2 cores), results in order. */
export async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
	const results: T[] = new Array(tasks.length);
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const i = next++;
			results[i] = await tasks[i]!();
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, tasks.length)}, worker));
	return results;
}

const label = (result: CliResult) => `sync-demo ${result.args.join(' ')}`;

/** Parse and check the output of a `--json` run: JSON lines only, `run` first, `summary` last, well-formed events. */
export function parseJsonRun(result: CliResult): JsonRun {
	const lines = result.stdout.split('\n');
	assert.equal(lines.pop(), '', `${label(result)}: stdout ends with a newline`);
	assert.ok(lines.length >= 2, `${label(result)}: at least a run and a summary line; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
	const objects = lines.map((line, i) => {
		try {
			return JSON.parse(line) as Record<string, any>;
		} catch {
			return assert.fail(`${label(result)}: stdout line ${i + 1} is not JSON: ${line}`);
		}
	});
	const run = objects[0]!;
	const summary = objects.at(-1)!;
	assert.equal(run.type, 'run', `${label(result)}: the first line is the run`);
	// A scenario's run names it; a program's (`sync-demo run`) names its file.
	assert.equal(typeof (run.scenario ?? run.file), 'string');
	assert.equal(typeof run.pid, 'number');
	assert.equal(summary.type, 'summary', `${label(result)}: the last line is the summary`);
	assert.equal(summary.scenario ?? summary.file, run.scenario ?? run.file);
	assert.equal(typeof summary.verdict?.code, 'string');
	assert.equal(typeof summary.verdict?.sentence, 'string');
	assert.equal(summary.exitCode, result.code, `${label(result)}: the summary's exit code is the process's`);
	assert.equal(summary.ok, result.code === 0);
	const events = objects.slice(1, -1);
	for (const event of events) {
		const where = `${label(result)}: ${JSON.stringify(event)}`;
		assert.equal(typeof event.t, 'number', `${where}: numeric t`);
		assert.ok(Number.isFinite(event.t) && event.t >= 0, `${where}: t ≥ 0`);
		assert.equal(typeof event.proc, 'string', `${where}: proc`);
		assert.equal(typeof event.pid, 'number', `${where}: pid`);
		switch (event.type) {
			case 'spawn':
			case 'exit':
				assert.notEqual(event.proc, 'main', where);
				break;
			case 'log':
				assert.equal(typeof event.text, 'string', `${where}: text`);
				break;
			case 'sync':
				assert.equal(typeof event.op, 'string', `${where}: op`);
				assert.equal(typeof event.target, 'string', `${where}: target`);
				assert.equal(typeof event.kind, 'string', `${where}: kind`);
				break;
			default:
				assert.fail(`${where}: unknown event type`);
		}
	}
	const spawns = events.filter(event => event.type === 'spawn');
	const pids = spawns.map(event => event.pid as number);
	assert.equal(new Set(pids).size, pids.length, `${label(result)}: one spawn per child`);
	for (const spawned of spawns) {
		assert.ok(spawned.pid > 0 && spawned.pid !== run.pid, `${label(result)}: a child has its own pid`);
		assert.ok(
			events.some(event => event.type === 'exit' && event.pid === spawned.pid && event.proc === spawned.proc),
			`${label(result)}: ${spawned.proc} (pid ${spawned.pid}) has an exit event`,
		);
	}
	return {run, events, summary, pids, result};
}

/** Nothing of the run may outlive it: every child is gone (ESRCH) and the run's folder is removed. */
export function assertCleanedUp(result: CliResult, pids: readonly number[]): void {
	for (const pid of [result.pid, ...pids]) assertReaped(pid, `${label(result)}: pid ${pid} is still alive`);
	assert.deepEqual(runFoldersOf(result.pid), [], `${label(result)}: its run folder was removed`);
}

/** An error with --json: nothing on stderr, one JSON line `{"error": {code, message}}` on stdout. */
export function assertJsonError(result: CliResult, errorCode: string, pattern: RegExp): void {
	const where = label(result);
	assert.equal(result.stderr, '', `${where}: nothing on stderr`);
	const lines = result.stdout.split('\n').filter(Boolean);
	assert.equal(lines.length, 1, `${where}: one line: ${result.stdout}`);
	const parsed = JSON.parse(lines[0]!) as {error: {code: string; message: string}};
	assert.deepEqual(Object.keys(parsed), ['error']);
	assert.equal(parsed.error.code, errorCode, where);
	assert.equal(typeof parsed.error.message, 'string');
	assert.match(parsed.error.message, pattern, where);
}

/** A `--json` run: parse, check its shape and that it cleaned up. */
export async function jsonRun(args: string[]): Promise<JsonRun> {
	const result = await cli([...args, '--json']);
	const parsed = parseJsonRun(result);
	assertCleanedUp(result, parsed.pids);
	return parsed;
}
