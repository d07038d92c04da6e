/**
 * A child that dies under the CLI's runner: SIGKILLed while it holds a lock,
 * a semaphore permit or a JoinableQueue task, or failing with an exception.
 * Asserts outcomes (counts, exit statuses, events, which processes are alive,
 * which folders exist), never elapsed time; time bounds are safety nets.
 *
 * Needs the build (`npm run build`): the bin and the fixture runner run dist/.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {assertClean, cliIn, runnerIn, sandbox} from './support/sandbox.ts';
import type {Line, Watched} from './support/watched.ts';

type Victim = {pid: number; proc: string};

/** SIGKILL the first process seen in a line `acquired` matches; resolves with it and the run's exit code once the run has ended. */
async function killFirstHolder(run: Watched, acquired: (line: Line) => boolean, what: string): Promise<{victim: Victim; code: number | null}> {
	const line = await run.line(acquired, what);
	const victim = {pid: Number(line.pid), proc: String(line.proc)};
	process.kill(victim.pid, 'SIGKILL');
	const {code} = await run.end();
	return {victim, code};
}

/** The run recovered what `victim` held, once: its one `recovered` event matching `filter`. */
function recoveredOnce(run: Watched, filter: Record<string, unknown>, victim: Victim): Line {
	const recovered = run.sync({op: 'recovered', ...filter});
	assert.equal(recovered.length, 1, 'one recovery');
	assert.equal(recovered[0]!.deadPid, victim.pid);
	assert.equal(recovered[0]!.deadProc, victim.proc);
	return recovered[0]!;
}

describe('a process killed while it holds something', () => {
	test('ticket --lock: the lock of a SIGKILLed holder is recovered, the others go on, nothing is oversold', async t => {
		const box = sandbox(t, 'lock');
		const run = cliIn(box, ['ticket', '--lock', '--json', '--speed', '1', '--clients', '3', '--tickets', '1']);
		// Held for 1.5 s at speed 1: read latency, then write latency.
		const {victim, code} = await killFirstHolder(
			run,
			line => line.type === 'sync' && line.op === 'acquired' && line.target === 'db-lock',
			'the first acquired',
		);
		const summary = run.summary;

		recoveredOnce(run, {kind: 'lock', target: 'db-lock'}, victim);
		// Killed from outside: reported as such, with what it held; exit 1 (a process of the run crashed).
		assert.deepEqual(summary.killed, [{proc: victim.proc, pid: victim.pid, signal: 'SIGKILL', held: ['lock db-lock']}]);
		assert.equal(summary.crashed, undefined);
		assert.equal(code, 1);
		assert.equal(summary.exitCode, 1);
		// Never oversold, no ticket lost: the victim died before writing, a survivor bought it.
		const sold = Number(summary.facts.sold);
		const available = Number(summary.facts.available);
		assert.ok(sold <= available, `sold ${sold} ≤ ${available}`);
		assert.equal(sold + Number(summary.facts.left), available, 'sold + left = tickets');
		assert.equal(summary.verdict.code, 'safe');
		// The others went on and finished.
		const others = run.exits().filter(exit => exit.pid !== victim.pid);
		assert.equal(others.length, 2);
		assert.ok(
			others.every(exit => exit.code === 0),
			'every other client exits 0',
		);
		assert.ok(
			run.sync({op: 'acquired', target: 'db-lock'}).some(line => line.pid !== victim.pid),
			'another client took the lock',
		);
		await assertClean(box, run);
	});

	test('arcade: the permit of a SIGKILLed player is recovered, never more players than machines, the others all play', async t => {
		const box = sandbox(t, 'permit');
		const customers = 6;
		const machines = 2;
		const run = cliIn(box, ['arcade', '--json', '--speed', '2', '--customers', String(customers), '--machines', String(machines)]);
		const {victim, code} = await killFirstHolder(run, line => line.type === 'sync' && line.op === 'acquired' && line.kind === 'semaphore', 'the first permit');
		const summary = run.summary;

		assert.equal(recoveredOnce(run, {kind: 'semaphore', target: 'machines'}, victim).permits, 1);
		assert.deepEqual(summary.killed, [{proc: victim.proc, pid: victim.pid, signal: 'SIGKILL', held: ['1 permit(s) of semaphore machines']}]);
		assert.equal(code, 1);
		assert.ok(Number(summary.facts.peakPlayers) <= machines, `peak ${String(summary.facts.peakPlayers)} ≤ ${machines}`);
		assert.equal(summary.facts.played, customers - 1, 'every other customer played');
		assert.equal(summary.facts.freeAtEnd, machines, 'every permit is back');
		assert.equal(summary.verdict.code, 'within-limit');
		const others = run.exits().filter(exit => exit.pid !== victim.pid);
		assert.equal(others.length, customers - 1);
		assert.ok(others.every(exit => exit.code === 0));
		await assertClean(box, run);
	});

	test("JoinableQueue: a consumer killed after get() leaves its task abandoned; main's join() fails at once with Abandoned and the run ends", async t => {
		const box = sandbox(t, 'abandon');
		const run = runnerIn(box, 'abandon');
		const holding = await run.line(
			line => line.type === 'log' && line.proc === 'consumer' && String(line.text).startsWith('holding'),
			'the consumer to hold a task',
		);
		const pid = Number(holding.pid);
		process.kill(pid, 'SIGKILL');
		const {code} = await run.end();
		const summary = run.summary;

		const abandoned = run.sync({op: 'abandoned', kind: 'queue', target: 'q'});
		assert.equal(abandoned.length, 1);
		assert.equal(abandoned[0]!.deadPid, pid);
		assert.equal(abandoned[0]!.deadProc, 'consumer');
		assert.equal(abandoned[0]!.tasks, 1);
		assert.equal(abandoned[0]!.unfinished, 3);
		// Nothing alive can finish the task: the joiner learns it at once instead of waiting for hang detection.
		assert.equal(summary.hang, undefined, summary.hang?.join('\n'));
		assert.deepEqual(summary.crashed, [
			{proc: 'main', pid: run.pid, code: 1, error: `join() on queue q cannot finish: consumer (pid ${pid}) died holding 1 unfinished task(s)`},
		]);
		assert.deepEqual(summary.killed, [{proc: 'consumer', pid, signal: 'SIGKILL', held: ['1 unfinished task(s) of queue q']}]);
		assert.equal(code, 1);
		await assertClean(box, run);
	});
});

test('a child that throws: its stack under its name, its exit code in the summary, the others not left waiting, exit 1', async t => {
	const box = sandbox(t, 'throw');
	const run = runnerIn(box, 'throw');
	const {code} = await run.end();
	assert.equal(code, 1);
	const summary = run.summary;
	const producer = run.spawned.find(spawned => spawned.proc === 'producer')!;
	const stderrLines = run.lines.filter(line => line.type === 'log' && line.proc === 'producer' && line.stream === 'stderr').map(line => String(line.text));
	assert.ok(
		stderrLines.some(text => text.includes('Error: boom: the producer failed on purpose')),
		stderrLines.join('\n'),
	);
	assert.ok(
		stderrLines.some(text => text.startsWith('    at ')),
		'the stack follows',
	);
	assert.deepEqual(summary.crashed, [{proc: 'producer', pid: producer.pid, code: 1}]);
	assert.equal(run.exits().find(exit => exit.proc === 'producer')?.code, 1);
	// The consumer waited for items that will never come: the hang is detected and the run ends.
	assert.equal(summary.verdict.code, 'hang');
	assert.ok(
		summary.hang?.some(line => line.startsWith('consumer') && line.includes('queue.get()')),
		summary.hang?.join('\n'),
	);
	await assertClean(box, run);
});
