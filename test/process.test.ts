import assert from 'node:assert/strict';
import fs from 'node:fs';
import {describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {Event, Process, Queue} from '../src/index.ts';
import type {ProcessEvent} from '../src/run/run.ts';
import {Run} from '../src/run/run.ts';
import {fixtures} from './support/fixtures.ts';
import {isRunning, untilDead} from './support/processes.ts';
import {useRun} from './support/use-run.ts';
import {until} from './support/wait.ts';
import {Watched} from './support/watched.ts';

const parentScript = fileURLToPath(new URL('./fixtures/parent.ts', import.meta.url));

describe('Process', () => {
	const run = useRun();
	const processEvents = (name: string): ProcessEvent[] =>
		run.events.filter((event): event is ProcessEvent => (event.type === 'spawn' || event.type === 'exit') && event.proc === name);

	test('exit codes: 0 on return, 1 when the target throws, process.exitCode when it sets one, -signal when killed', async () => {
		const ok = new Process({module: fixtures.queue, target: 'produce', args: [new Queue(), 0, 1], name: 'ok'});
		const fails = new Process({module: fixtures.process, target: 'fail', args: ['on purpose'], name: 'fails'});
		const coded = new Process({module: fixtures.process, target: 'setExitCode', args: [3], name: 'coded'});
		await coded.start();
		assert.equal(await coded.join(), 3);
		const killed = new Process({module: fixtures.process, target: 'sleepForever', name: 'killed'});
		const terminated = new Process({module: fixtures.process, target: 'sleepForever', name: 'terminated'});
		for (const p of [ok, fails, killed, terminated]) await p.start();
		assert.equal(await ok.join(), 0);
		assert.equal(await fails.join(), 1);
		assert.equal(await killed.join({timeout: 0}), null, 'still running');
		assert.equal(killed.alive, true);
		killed.kill('SIGKILL');
		terminated.terminate();
		assert.equal(await killed.join(), -9);
		assert.equal(await terminated.join(), -15);
		for (const p of [ok, fails, killed, terminated]) {
			assert.equal(p.alive, false);
			assert.equal(isRunning(p.pid!), false);
			const [spawned, exited, ...rest] = processEvents(p.name);
			assert.deepEqual([spawned?.type, exited?.type, rest.length], ['spawn', 'exit', 0]);
			assert.equal(spawned!.pid, p.pid);
			assert.equal(exited!.pid, p.pid);
		}
		assert.equal(processEvents('killed')[1]!.signal, 'SIGKILL');
		assert.throws(() => new Process({module: fixtures.process, target: ''}), TypeError);
		await assert.rejects(ok.start(), /already started/);
	});

	test('shutdown waits for children that are not daemons and stops daemons', async () => {
		const gate = new Event();
		const results = new Queue();
		const worker = new Process({module: fixtures.event, target: 'waitEvent', args: [gate, results], name: 'worker'});
		const daemon = new Process({module: fixtures.process, target: 'sleepForever', name: 'daemon', daemon: true});
		await worker.start();
		await daemon.start();
		await until(() => run.sync({kind: 'event', target: gate.name, op: 'wait', proc: 'worker'}).length === 1, 'the worker to wait');
		const oldRun = Run.current();
		const restarting = run.restart();
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(oldRun.ended, false, 'shutdown waits for the worker');
		assert.equal(daemon.alive, true, 'daemons are stopped only after the workers are done');
		await gate.set();
		await restarting;
		assert.equal(oldRun.ended, true);
		assert.equal(worker.exitCode, 0);
		assert.equal(daemon.exitCode, -15, 'the daemon got SIGTERM');
		assert.equal(fs.existsSync(oldRun.dir), false, 'the run folder is gone');
	});

	test('a parent killed with SIGKILL takes its children with it', async () => {
		const parent = new Watched(process.execPath, ['--import', 'tsx', parentScript]);
		await parent.waitFor(() => parent.lines.length > 0, 'the parent to report');
		const report = parent.lines[0] as {pid: number; dir: string; children: number[]};
		assert.equal(report.pid, parent.pid);
		assert.equal(report.children.length, 2);
		run.alsoDead.add(report.pid);
		for (const pid of report.children) run.alsoDead.add(pid);
		run.alsoGone.add(report.dir);
		for (const pid of report.children) assert.equal(isRunning(pid), true, `child ${pid} runs before the kill`);
		assert.ok(fs.existsSync(report.dir));

		process.kill(report.pid, 'SIGKILL');
		// Its output closes only once the orphans, which share it, are gone: wait for the exit alone.
		await until(() => parent.exit !== undefined, 'the parent to die');
		assert.equal(parent.exit!.signal, 'SIGKILL');
		// 10 s is a safety net against a hang, not a timing assertion.
		await untilDead(report.children, `orphans ${report.children.join(', ')} to exit`, 10_000);

		// The dead parent could not remove its folder; the next run sweeps it. (Any other
		// run started on this machine meanwhile may have swept it already.)
		const next = await run.restart();
		await next.swept;
		assert.equal(fs.existsSync(report.dir), false, 'a new run swept the stale folder');
	});
});

test('the README example runs as written: three workers, one lock, squares 1 4 9', async () => {
	const example = fileURLToPath(new URL('./fixtures/readme-example.ts', import.meta.url));
	// The bound is a safety net against a hang, not a timing assertion.
	const {code, stdout, stderr} = await new Watched(process.execPath, ['--import', 'tsx', example]).end(60_000);
	assert.equal(code, 0, stderr);
	const lines = stdout.trim().split('\n');
	assert.deepEqual(lines.slice(0, 3).sort(), ['worker 1 holds the lock', 'worker 2 holds the lock', 'worker 3 holds the lock']);
	assert.equal(lines[3], '1 4 9');
});
