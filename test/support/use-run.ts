import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before} from 'node:test';
import type {SyncEvent} from '../../src/broker/core.ts';
import type {Process} from '../../src/index.ts';
import {shutdown} from '../../src/index.ts';
import type {RunEvent} from '../../src/run/run.ts';
import {Run} from '../../src/run/run.ts';
import {assertNoneRunning, untilDead} from './processes.ts';
import {ownerPid, runFolders} from './run-folders.ts';

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
		before_ = new Set(runFolders());
		attach();
	});

	after(async () => {
		await shutdown({graceMs: 5000});
		for (const run of runs) {
			assert.equal(run.ended, true, 'run ended');
			assert.equal(fs.existsSync(run.dir), false, `run folder ${run.dir} removed`);
		}
		const ours = new Set([process.pid, ...alsoDead]);
		const left = runFolders().filter(dir => !before_.has(dir) && ours.has(ownerPid(path.join(dir, 'run.owner')) ?? -1));
		assert.deepEqual(left, [], 'no sync-demo-* folder of this test remains');
		for (const dir of alsoGone) assert.equal(fs.existsSync(dir), false, `folder ${dir} removed`);
		const pids = events.filter(event => event.type === 'spawn').map(event => event.pid);
		assert.ok(pids.length > 0, 'the file started children');
		assertNoneRunning(pids, 'every child seen in spawn events is dead');
		for (const pid of alsoDead) await untilDead([pid], `pid ${pid} to end`);
	});

	return {
		events,
		alsoDead,
		alsoGone,
		sync(filter = {}) {
			return events.filter(
				(event): event is SyncEvent =>
					event.type === 'sync' && Object.entries(filter).every(([key, value]) => (event as Record<string, unknown>)[key] === value),
			);
		},
		async restart() {
			await shutdown({graceMs: 5000});
			return attach();
		},
	};
}

/**
 * End `run` where useRun() does not apply (nobody may listen to the run, so
 * its fast paths are on) and check it left nothing: no run folder (shared
 * files and sockets with it), none of `procs` alive.
 */
export async function endUnwatchedRun(run: Run, procs: Iterable<Process>): Promise<void> {
	const dir = run.dir;
	await shutdown();
	assert.equal(fs.existsSync(dir), false, 'run folder removed');
	assertNoneRunning(
		[...procs].map(proc => proc.pid!),
		'no child alive',
	);
}
