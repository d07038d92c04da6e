import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before} from 'node:test';
import {Run, shutdown} from '../src/index.ts';
import type {Queue, RunEvent, SyncEvent} from '../src/index.ts';

/** The fixtures module, as tests pass it to Process (children run its compiled form). */
export const workers = new URL('./fixtures/workers.ts', import.meta.url);

const PREFIX = 'sync-demo-';

function runDirs(): string[] {
	try {
		return fs.readdirSync(os.tmpdir()).filter(name => name.startsWith(PREFIX)).map(name => path.join(os.tmpdir(), name));
	} catch {
		return [];
	}
}

function ownerPid(dir: string): number | undefined {
	try {
		const pid = Number(fs.readFileSync(path.join(dir, 'run.owner'), 'utf8').split(' ')[0]);
		return Number.isInteger(pid) ? pid : undefined;
	} catch {
		return undefined;
	}
}

/** Whether `pid` names a living process (a zombie waiting to be reaped counts as dead). */
export function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
		const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
		return state !== 'Z' && state !== 'X';
	} catch {
		return true;
	}
}

/** Poll until `check()` holds; `bound` ms is a safety net against hangs, never a timing assertion. */
export async function until(check: () => boolean, what: string, bound = 10_000): Promise<void> {
	const deadline = Date.now() + bound;
	while (!check()) {
		if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/** Let pending I/O and broker replies run (used before asserting that a promise is still pending). */
export async function settle(turns = 20): Promise<void> {
	for (let i = 0; i < turns; i++) await new Promise(resolve => setImmediate(resolve));
}

/** Track whether a promise has settled, without awaiting it. */
export function tracked<T>(promise: Promise<T>): {promise: Promise<T>; readonly settled: boolean} {
	let settled = false;
	const wrapped = promise.finally(() => {
		settled = true;
	});
	wrapped.catch(() => {});
	return {promise: wrapped, get settled() {
		return settled;
	}};
}

/** Take `n` items from a queue (with a generous safety bound per item). */
export async function take<T>(queue: Queue, n: number): Promise<T[]> {
	const items: T[] = [];
	for (let i = 0; i < n; i++) items.push(await queue.get({timeout: 20_000}) as T);
	return items;
}

/**
 * One test file's run: collects every run event, and after the file shuts
 * the run down and checks that it left nothing behind (no run folder, no
 * living child).
 */
export function useRun(): {
	events: RunEvent[];
	sync(filter?: Partial<SyncEvent>): SyncEvent[];
	/** End the current run and start a fresh one (which sweeps stale folders in the background: await its `swept`), still collecting events. */
	restart(): Promise<Run>;
	/** Extra pids (not our run's children) that must be dead at the end. */
	alsoDead: Set<number>;
	/** Extra run folders (of other processes) that must be gone at the end. */
	alsoGone: Set<string>;
} {
	const events: RunEvent[] = [];
	const runs: Run[] = [];
	const alsoDead = new Set<number>();
	const alsoGone = new Set<string>();
	let before_: Set<string> = new Set();

	const attach = (): Run => {
		const run = Run.current();
		runs.push(run);
		run.on(event => events.push(event));
		return run;
	};

	before(() => {
		before_ = new Set(runDirs());
		attach();
	});

	after(async () => {
		await shutdown({graceMs: 5000});
		for (const run of runs) {
			assert.equal(run.ended, true, 'run ended');
			assert.equal(fs.existsSync(run.dir), false, `run folder ${run.dir} removed`);
		}
		const ours = new Set([process.pid, ...alsoDead]);
		const left = runDirs().filter(dir => !before_.has(dir) && ours.has(ownerPid(dir) ?? -1));
		assert.deepEqual(left, [], 'no sync-demo-* folder of this test remains');
		for (const dir of alsoGone) assert.equal(fs.existsSync(dir), false, `folder ${dir} removed`);
		const pids = events.filter(event => event.type === 'spawn').map(event => event.pid);
		assert.ok(pids.length > 0, 'the file started children');
		assert.deepEqual(pids.filter(isRunning), [], 'every child seen in spawn events is dead');
		for (const pid of alsoDead) await until(() => !isRunning(pid), `pid ${pid} to end`);
	});

	return {
		events,
		alsoDead,
		alsoGone,
		sync(filter = {}) {
			return events.filter((event): event is SyncEvent => event.type === 'sync'
				&& Object.entries(filter).every(([key, value]) => (event as Record<string, unknown>)[key] === value));
		},
		async restart() {
			await shutdown({graceMs: 5000});
			return attach();
		},
	};
}
