/**
 * Nested processes under the CLI's runner and in a library program: Ctrl-C
 * and SIGTERM stop grandchildren too (checked by pid), and a hang two levels
 * deep is detected and explained. Time bounds are safety nets.
 *
 * Needs the build (`npm run build`): the fixture programs run dist/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {describe, test} from 'node:test';
import {compiled} from '../src/run/resolve.ts';
import {isRunning, untilDead} from './support/processes.ts';
import {assertClean, runnerIn, sandbox} from './support/sandbox.ts';
import {Watched} from './support/watched.ts';

const program = compiled(new URL('./fixtures/signal-program.ts', import.meta.url));

describe('the runner with grandchildren', () => {
	for (const [signal, status] of [
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const) {
		test(`${signal} stops the child and its grandchildren; nothing is left`, async t => {
			const box = sandbox(t, `nested-${signal.toLowerCase()}`);
			const run = runnerIn(box, 'nested');
			await run.line(line => line.type === 'log' && line.proc === 'main' && line.text === 'ready', 'the grandchildren to start');
			const head = run.spawned.find(spawned => spawned.proc === 'family-head')!;
			const grandchildren = run.lines.filter(line => line.type === 'spawn' && line.parent === 'family-head');
			assert.equal(grandchildren.length, 2, 'the grandchildren are spawned in the run, their parent named');
			assert.ok(grandchildren.every(line => line.parentPid === head.pid));
			process.kill(run.pid, signal);
			const {code} = await run.end();
			assert.equal(code, status);
			assert.equal(run.summary.interrupted, signal);
			assert.deepEqual(
				run
					.exits()
					.map(exit => exit.pid)
					.sort(),
				run.spawned.map(spawned => spawned.pid).sort(),
				'an exit for every process of the tree',
			);
			await assertClean(box, run);
		});
	}

	test('a hang through a grandchild is detected, explained level by level, and ended', async t => {
		const box = sandbox(t, 'nested-hang');
		const run = runnerIn(box, 'nested-hang');
		const {code} = await run.end();
		assert.equal(code, 1, run.stderr);
		const summary = run.summary;
		assert.equal(summary.verdict.code, 'hang');
		const pid = (name: string) => run.spawned.find(spawned => spawned.proc === name)!.pid;
		assert.deepEqual([...summary.hang!].sort(), [
			`main (pid ${run.pid}) is blocked in process.join() waiting for stuck-child, itself blocked in process.join()`,
			`stuck-child (pid ${pid('stuck-child')}) is blocked in process.join() waiting for stuck-grandchild, itself blocked in event.wait()`,
			`stuck-grandchild (pid ${pid('stuck-grandchild')}) is blocked in event.wait() on the cleared event "never"; no live process can set it`,
		]);
		await assertClean(box, run);
	});
});

describe('a library program with grandchildren', () => {
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		test(`${signal} reaches every process of the tree and removes the run's folder`, async t => {
			const running = new Watched(process.execPath, [...program.execArgv, program.file, 'nested']);
			const started = [running.pid];
			// Whatever a failed test left running goes, by pid.
			t.after(() => {
				for (const pid of started) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
			});
			const report = (await running.line(line => 'grandchildren' in line, 'the program to report')) as {
				pid: number;
				dir: string;
				children: number[];
				grandchildren: number[];
			};
			const pids = [...report.children, ...report.grandchildren];
			started.push(...pids);
			assert.equal(pids.length, 3);
			process.kill(report.pid, signal);
			const {signal: ended} = await running.end();
			assert.equal(ended, signal, 'the program dies of the signal, as it would have without sync-demo');
			await untilDead(pids, `children and grandchildren ${pids.join(', ')} to end`);
			assert.equal(fs.existsSync(report.dir), false, "the run's folder is gone");
		});
	}
});
