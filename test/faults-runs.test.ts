/**
 * Runs and their folders: a runner SIGKILLed leaves orphans that exit and a
 * folder the next run sweeps; two runs at once in one directory each get a
 * private folder and never see each other. Asserts outcomes, never elapsed
 * time; time bounds are safety nets against hangs.
 *
 * Needs the build (`npm run build`): the bin runs dist/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {untilDead} from './support/processes.ts';
import {ownerPid, runFolders} from './support/run-folders.ts';
import {assertClean, cliIn, runningArcade, sandbox} from './support/sandbox.ts';

test('runner SIGKILLed: every child notices and exits; the next run sweeps the stale folder', async t => {
	const box = sandbox(t, 'orphans');
	const customers = 4;
	const run = await runningArcade(box, customers);
	await run.line(line => line.type === 'sync' && line.op === 'acquired', 'a customer to play');
	const pids = run.spawned.map(spawned => spawned.pid);
	const stale = runFolders(box.tmp);
	assert.equal(stale.length, 1);
	process.kill(run.pid, 'SIGKILL');
	await run.end();
	// IPC channel closed → each child exits (about at once; the bound is a safety net).
	await untilDead(pids, 'every orphan to exit');
	assert.ok(fs.existsSync(stale[0]!), 'the killed runner could not clean up');

	const next = cliIn(box, ['ticket', '--lock', '--fast', '--json']);
	const {code} = await next.end();
	assert.equal(code, 0, next.stderr);
	assert.equal(next.summary.facts.sold, 1);
	assert.equal(fs.existsSync(stale[0]!), false, 'the stale folder was swept');
	await assertClean(box, next);
});

test('two runs at once in the same directory: private 0700 folders, neither sees the other, nothing written to the cwd', async t => {
	const box = sandbox(t, 'isolation');
	const args = ['ticket', '--lock', '--json', '--speed', '2', '--clients', '3', '--tickets', '1'];
	const runs = [cliIn(box, args), cliIn(box, args)];
	await Promise.all(runs.map(run => run.line(line => line.type === 'sync' && line.op === 'acquired', 'a client holding the lock')));
	const dirs = runFolders(box.tmp);
	assert.equal(dirs.length, 2, 'one folder per run');
	const owners = dirs.map(dir => {
		assert.equal(fs.statSync(dir).mode & 0o777, 0o700, `${dir} is private`);
		return ownerPid(path.join(dir, 'run.owner'));
	});
	assert.deepEqual(owners.sort(), runs.map(run => run.pid).sort());
	for (const run of runs) {
		const {code} = await run.end();
		assert.equal(code, 0, run.stderr);
		// Had they shared the ticket file, one run would have sold none.
		assert.deepEqual([run.summary.facts.sold, run.summary.facts.left], [1, 0]);
	}
	await assertClean(box, ...runs);
});
