/**
 * The runner interrupted: SIGINT or SIGTERM (forwarded to the children, a
 * partial summary, the folder removed), its stdout closed by the reader,
 * children that ignore the signal, a second Ctrl-C. Asserts outcomes, never
 * elapsed time; time bounds are safety nets against hangs.
 *
 * Needs the build (`npm run build`): the bin and the fixture runner run dist/.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {runFolders} from './support/run-folders.ts';
import type {Sandbox} from './support/sandbox.ts';
import {assertClean, runnerIn, runningArcade, sandbox} from './support/sandbox.ts';
import type {Watched} from './support/watched.ts';

/** The fixture runner whose children ignore SIGINT, once they are up. */
async function readyStubborn(box: Sandbox): Promise<Watched> {
	const run = runnerIn(box, 'stubborn');
	await run.line(line => line.type === 'log' && line.proc === 'main' && line.text === 'ready', 'the stubborn children');
	return run;
}

describe('SIGINT and SIGTERM on the runner', () => {
	for (const [signal, status] of [
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const) {
		test(`${signal}: says so on stderr, forwards it, removes the folder, prints the partial summary, exits ${status}`, async t => {
			const box = sandbox(t, signal.toLowerCase());
			const customers = 4;
			const run = await runningArcade(box, customers);
			await run.line(line => line.type === 'sync' && line.op === 'acquired', 'a customer to play');
			assert.equal(runFolders(box.tmp).length, 1, 'the run has its folder');
			process.kill(run.pid, signal);
			await run.stderrHas(`${signal} received, stopping`, 'the stopping notice');
			const {code} = await run.end();
			assert.equal(code, status);
			const summary = run.summary;
			assert.equal(summary.interrupted, signal);
			assert.equal(summary.exitCode, status);
			assert.equal(summary.verdict.code, 'interrupted');
			assert.equal(summary.killed, undefined, 'children stopped by the run are not reported as killed');
			// The signal reached every child still alive (none ignores it).
			const exits = run.exits();
			assert.equal(exits.length, customers);
			assert.ok(
				exits.some(exit => exit.signal === signal),
				`some child ended by the forwarded ${signal}`,
			);
			assert.ok(
				exits.every(exit => exit.signal === signal || exit.code === 0),
				JSON.stringify(exits),
			);
			assert.equal(run.stderr.trim().split('\n').length, 1, `one line on stderr: ${run.stderr}`);
			await assertClean(box, run);
		});
	}

	test('stdout closed by its reader (sync-demo … | head): the run stops quietly, exits 141, leaves nothing', async t => {
		const box = sandbox(t, 'epipe');
		const customers = 4;
		const run = await runningArcade(box, customers);
		run.child.stdout!.destroy();
		const {code} = await run.end();
		assert.equal(code, 141);
		assert.equal(run.stderr, '', 'nothing on stderr');
		await assertClean(box, run);
	});

	test('children that ignore the signal are SIGKILLed after the grace period', async t => {
		const box = sandbox(t, 'straggler');
		const run = await readyStubborn(box);
		process.kill(run.pid, 'SIGINT');
		const {code} = await run.end();
		assert.equal(code, 130);
		assert.equal(run.summary.interrupted, 'SIGINT');
		const exits = run.exits();
		assert.equal(exits.length, 2);
		assert.ok(
			exits.every(exit => exit.signal === 'SIGKILL'),
			JSON.stringify(exits),
		);
		assert.equal(run.summary.killed, undefined);
		await assertClean(box, run);
	});

	test('a second SIGINT kills at once', async t => {
		const box = sandbox(t, 'twice');
		const run = await readyStubborn(box);
		process.kill(run.pid, 'SIGINT');
		await run.stderrHas('SIGINT received, stopping', 'the stopping notice');
		// The children ignore SIGINT: the run is now in its grace period.
		process.kill(run.pid, 'SIGINT');
		const {code} = await run.end();
		assert.equal(code, 130);
		assert.match(run.stderr, /SIGINT again, killing/);
		await assertClean(box, run);
	});
});
