/**
 * Runs in a sandbox of their own: a fresh working directory and TMPDIR per
 * test, removed after it, so that a test can say that nothing was left there.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {TestContext} from 'node:test';
import {compiled} from '../../src/run/resolve.ts';
import {untilDead} from './processes.ts';
import {runFolders} from './run-folders.ts';
import {startCli, Watched} from './watched.ts';

/** A fresh private folder, removed when the test `t` ends. */
export function scratch(t: TestContext, label: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
	t.after(() => fs.rmSync(dir, {recursive: true, force: true}));
	return dir;
}

export interface Sandbox {
	cwd: string;
	tmp: string;
}

export function sandbox(t: TestContext, label: string): Sandbox {
	return {cwd: scratch(t, `faults-${label}-cwd`), tmp: scratch(t, `faults-${label}-tmp`)};
}

/** The CLI run in the sandbox. */
export function cliIn(box: Sandbox, args: string[]): Watched {
	return startCli(args, {cwd: box.cwd, env: {TMPDIR: box.tmp}});
}

const runner = compiled(new URL('../fixtures/faults-runner.ts', import.meta.url));

/** test/fixtures/faults-runner.ts run in the sandbox: a made-up scenario through the CLI's own runner. */
export function runnerIn(box: Sandbox, mode: string): Watched {
	return new Watched(process.execPath, [...runner.execArgv, runner.file, mode], {cwd: box.cwd, env: {TMPDIR: box.tmp}, args: [mode]});
}

/** A real-speed arcade run (JSON lines), once every customer has started: long enough to interrupt. */
export async function runningArcade(box: Sandbox, customers: number): Promise<Watched> {
	const run = cliIn(box, ['arcade', '--json', '--speed', '1', '--customers', String(customers), '--machines', '2']);
	await run.waitFor(() => run.spawned.length === customers, 'every customer to start');
	return run;
}

/** Nothing of the runs is left: every spawned child dead, no run folder in the sandbox's TMPDIR, nothing written to its cwd. */
export async function assertClean(box: Sandbox, ...runs: Watched[]): Promise<void> {
	const pids = runs.flatMap(run => run.spawned.map(spawned => spawned.pid));
	assert.ok(pids.length > 0, 'the run started children');
	await untilDead(pids, `children ${pids.join(', ')} to end`);
	assert.deepEqual(runFolders(box.tmp), [], 'no sync-demo-* folder left');
	assert.deepEqual(fs.readdirSync(box.cwd), [], 'nothing written to the working directory');
}
