/**
 * The Barrier's cases across real processes (CPython's _TestBarrier, told
 * again: N-1 children and the main process itself are the parties), run
 * twice: by test/barrier.test.ts on a watched run, whose events are checked
 * too, and by test/barrier-unwatched.test.ts on a run nobody listens to.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {SyncEvent, Waiter} from '../../src/broker/core.ts';
import {toSpans} from '../../src/cli/spans.ts';
import {Barrier, BrokenBarrierError, Event, Lock, Process, Queue, shutdown} from '../../src/index.ts';
import {blockedWaits, explainHang} from '../../src/run/hang.ts';
import {Run} from '../../src/run/run.ts';
import * as workers from '../fixtures/barrier-workers.ts';
import {fixtures} from './fixtures.ts';
import {assertNoneRunning} from './processes.ts';
import {useRun} from './use-run.ts';
import {take} from './wait.ts';

const N = 5;

type Outcome = {index: number} | {error: string; message: string};

/** A run nobody listens to: at the end, shut down and check that nothing is left. */
function unwatchedRun(started: Process[]): void {
	let dir = '';
	before(() => {
		dir = Run.current().dir;
	});
	after(async () => {
		await shutdown({graceMs: 5000});
		assert.equal(fs.existsSync(dir), false, 'run folder removed');
		assert.ok(started.length > 0, 'the file started children');
		assertNoneRunning(
			started.map(p => p.pid!),
			'no child alive',
		);
	});
}

export function barrierSuite(watched: boolean): void {
	describe(`Barrier across processes, ${watched ? 'watched' : 'unwatched'}`, () => {
		const started: Process[] = [];
		const run = watched ? useRun() : undefined;
		if (!watched) unwatchedRun(started);
		/** Sync events of the watched run (none are made on an unwatched one). */
		const sync = (filter: Partial<SyncEvent>): SyncEvent[] => run?.sync(filter) ?? [];
		const file = (name: string): string => {
			const at = path.join(Run.current().dir, name);
			fs.writeFileSync(at, '');
			return at;
		};

		/** `n` children running `target` of the barrier fixtures, started at once. */
		async function children(n: number, target: string, args: unknown[]): Promise<Process[]> {
			const procs = Array.from({length: n}, (_, i) => new Process({module: fixtures.barrier, target, args, name: `${target}-${i}`}));
			started.push(...procs);
			await Promise.all(procs.map(p => p.start()));
			return procs;
		}
		async function joinAll(procs: Process[]): Promise<void> {
			for (const p of procs) assert.equal(await p.join(), 0, `${p.name} exit code`);
		}

		for (const rounds of [1, 10]) {
			test(`${N} parties pass in lockstep, ${rounds} round(s) of two waits`, async () => {
				const barrier = new Barrier(N, {timeout: 30_000});
				const [beforeFile, afterFile] = [file('before'), file('after')];
				const procs = await children(N - 1, 'lockstep', [barrier, beforeFile, afterFile, rounds]);
				await workers.lockstep(barrier, beforeFile, afterFile, rounds);
				await joinAll(procs);
				assert.equal(fs.statSync(afterFile).size, N * rounds);
				assert.deepEqual(await barrier.info(), {parties: N, waiting: 0, broken: false, cycles: 2 * rounds, acting: []});
				if (watched) assert.equal(sync({target: barrier.name, op: 'passed'}).length, 2 * rounds);
			});
		}

		test('each cycle hands out every index from 0 to parties - 1 exactly once', async () => {
			const cycles = 20;
			const barrier = new Barrier(N);
			const results = new Queue<number[]>();
			const procs = await children(N - 1, 'indexes', [barrier, cycles, results]);
			await workers.indexes(barrier, cycles, results);
			await joinAll(procs);
			const all = await take<number[]>(results, N);
			for (let c = 0; c < cycles; c++) {
				assert.deepEqual(all.map(got => got[c]).sort(), [0, 1, 2, 3, 4], `cycle ${c}`);
			}
			if (watched) {
				// Everyone but the last to arrive waited, and was woken with the index it got.
				assert.equal(sync({target: barrier.name, op: 'wait'}).length, cycles * (N - 1));
				assert.equal(sync({target: barrier.name, op: 'woke'}).length, cycles * (N - 1));
			}
		});

		test('the action runs once per cycle, before anyone passes, in one of the parties', async () => {
			const cycles = 10;
			const log = file('actions');
			const barrier = new Barrier(N, {action: {module: fixtures.barrier, target: 'recordAction', args: [log]}});
			const procs = await children(N - 1, 'checkAction', [barrier, log, cycles]);
			await workers.checkAction(barrier, log, cycles);
			await joinAll(procs);
			const runners = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number);
			assert.equal(runners.length, cycles);
			const parties = new Set([process.pid, ...procs.map(p => p.pid!)]);
			for (const pid of runners) assert.ok(parties.has(pid), `pid ${pid} is a party`);
			if (watched) {
				assert.deepEqual(
					sync({target: barrier.name, op: 'action'}).map(event => event.pid),
					runners,
				);
			}
		});

		test('the main process runs the action when it completes the cycle', async () => {
			const log = file('main-action');
			const barrier = new Barrier(2, {action: {module: fixtures.barrier, target: 'recordAction', args: [log]}});
			const results = new Queue<Outcome>();
			const [child] = await children(1, 'waitOnce', [barrier, results]);
			await untilWaiting(barrier, 1);
			assert.equal(await barrier.wait(), 1);
			assert.deepEqual(await results.get({timeout: 20_000}), {index: 0});
			await joinAll([child!]);
			assert.equal(fs.readFileSync(log, 'utf8'), `${process.pid}\n`);
		});

		test('an action that throws breaks the barrier: its runner gets the error, every other party BrokenBarrierError', async () => {
			const barrier = new Barrier(3, {action: {module: fixtures.barrier, target: 'failingAction'}});
			const results = new Queue<Outcome>();
			const procs = await children(2, 'waitOnce', [barrier, results]);
			await workers.waitOnce(barrier, results);
			await joinAll(procs);
			const outcomes = await take<Outcome>(results, 3);
			const names = outcomes.map(o => ('error' in o ? o.error : 'passed')).sort();
			assert.deepEqual(names, ['BrokenBarrierError', 'BrokenBarrierError', 'Error']);
			for (const o of outcomes)
				if ('error' in o && o.error === 'BrokenBarrierError') assert.match(o.message, /its action failed in .*: the action failed on purpose/);
			assert.equal(await barrier.broken(), true);
			if (watched) assert.equal(sync({target: barrier.name, op: 'action-failed'}).length, 1);
		});

		test('abort() breaks the barrier for every other party, and it stays broken', async () => {
			const barrier = new Barrier(N, {timeout: 30_000});
			const [passed, broken] = [new Queue(), new Queue()];
			const procs = await children(N - 1, 'abortAtHalf', [barrier, passed, broken]);
			await workers.abortAtHalf(barrier, passed, broken);
			await joinAll(procs);
			assert.equal(await passed.qsize(), 0);
			assert.equal(await broken.qsize(), N - 1);
			assert.equal(await barrier.broken(), true);
			assert.equal(await barrier.nWaiting(), 0);
			await assert.rejects(barrier.wait(), (error: unknown) => error instanceof BrokenBarrierError && error.code === 'BROKEN_BARRIER');
		});

		test('reset() frees the waiting parties with BrokenBarrierError, and they pass together again', async () => {
			const barrier = new Barrier(N, {timeout: 30_000});
			const [passed, broken, again] = [new Queue(), new Queue(), new Queue()];
			const procs = await children(N - 1, 'resetAtHalf', [barrier, passed, broken, again]);
			await workers.resetAtHalf(barrier, passed, broken, again);
			await joinAll(procs);
			assert.deepEqual([await passed.qsize(), await broken.qsize(), await again.qsize()], [0, N - 1, N]);
			assert.equal(await barrier.broken(), false);
		});

		test('a barrier broken by abort() works again after reset()', async () => {
			const barrier = new Barrier(N, {timeout: 30_000});
			const second = new Barrier(N);
			const [passed, broken, again] = [new Queue(), new Queue(), new Queue()];
			const procs = await children(N - 1, 'abortThenReset', [barrier, second, passed, broken, again]);
			await workers.abortThenReset(barrier, second, passed, broken, again);
			await joinAll(procs);
			assert.deepEqual([await passed.qsize(), await broken.qsize(), await again.qsize()], [0, N - 1, N]);
		});

		for (const [label, options, timeout] of [
			['wait({timeout})', {timeout: 30_000}, 200],
			["the barrier's default timeout", {timeout: 200}, undefined],
		] as const) {
			test(`a party late past ${label}: the barrier breaks for all ${N}`, async () => {
				const barrier = new Barrier(N, options);
				const broken = new Queue();
				const procs = await children(N - 1, 'oneLate', [barrier, timeout, broken]);
				await workers.oneLate(barrier, timeout, broken);
				await joinAll(procs);
				assert.equal(await broken.qsize(), N);
				assert.equal(await barrier.broken(), true);
				if (watched) assert.ok(sync({target: barrier.name, op: 'timeout'}).length >= 1, 'a wait timed out');
			});
		}

		test('a barrier of one party passes at once, index 0 every time', async () => {
			const barrier = new Barrier(1);
			assert.equal(await barrier.wait(), 0);
			assert.equal(await barrier.wait(), 0);
			const results = new Queue<number[]>();
			await joinAll(await children(1, 'indexes', [barrier, 3, results]));
			assert.deepEqual(await results.get({timeout: 20_000}), [0, 0, 0]);
		});

		test(`a thousand passes: what each party puts after pass i comes before anything of pass i + 1`, async () => {
			const passes = 1000;
			const barrier = new Barrier(N);
			const out = new Queue<number>();
			const procs = await children(N, 'thousand', [barrier, passes, new Lock(), out]);
			const got = await take<number>(out, N * passes);
			await joinAll(procs);
			for (let i = 0; i < passes; i++) assert.deepEqual(got.slice(i * N, (i + 1) * N), Array(N).fill(i), `pass ${i}`);
			assert.equal((await barrier.info()).cycles, passes);
		});

		test('a party killed while it waits breaks the barrier for the others (better than Python, where they wait forever)', async () => {
			const barrier = new Barrier(3);
			const ready = new Event();
			const [doomed] = await children(1, 'waitForever', [barrier, ready]);
			assert.equal(await ready.wait({timeout: 20_000}), true);
			const results = new Queue<Outcome>();
			const [other] = await children(1, 'waitOnce', [barrier, results]);
			await untilWaiting(barrier, 2);
			const pid = doomed!.pid!;
			doomed!.kill('SIGKILL');
			const outcome = await results.get({timeout: 20_000});
			assert.ok('error' in outcome, 'the other party did not pass');
			assert.equal(outcome.error, 'BrokenBarrierError');
			assert.match(outcome.message, new RegExp(`waitForever-0 \\(pid ${pid}\\) died while waiting at it`));
			assert.equal(await doomed!.join(), -9);
			await joinAll([other!]);
			assert.equal(await barrier.broken(), true);
			if (watched) {
				const died = sync({target: barrier.name, op: 'party-died'});
				assert.deepEqual(
					died.map(event => event.deadPid),
					[pid],
				);
			}
		});

		test('hang detection names parties waiting for ones that can never come; the timeline shows their waits', async () => {
			const barrier = new Barrier(4, {name: 'start'});
			const results = new Queue<Outcome>();
			const procs = await children(2, 'waitOnce', [barrier, results]);
			const joined = Promise.all(procs.map(p => p.join()));
			const current = Run.current();
			const waits = await untilHung();
			const text = explainHang(current, waits).join('\n');
			for (const p of procs) {
				assert.match(
					text,
					new RegExp(
						`${p.name} \\(pid ${p.pid}\\) is blocked in barrier\\.wait\\(\\) on barrier "start" with 2 of 4 parties arrived; no other live process can arrive`,
					),
				);
			}
			assert.match(text, /main \(pid \d+\) is blocked in process\.join\(\) waiting for waitOnce-0, itself blocked in barrier\.wait\(\)/);
			await barrier.abort();
			assert.deepEqual(await joined, [0, 0]);
			for (const outcome of await take<Outcome>(results, 2)) assert.match((outcome as {message: string}).message, /barrier start broke: aborted by main/);
			if (!run) return;
			const {spans} = toSpans(run.events, current.elapsed());
			for (const p of procs) {
				const [broken] = sync({target: 'start', op: 'broken', proc: p.name});
				const [wait] = spans.filter(span => span.proc === p.name && span.kind === 'wait' && span.label === 'barrier start');
				assert.ok(broken && wait, `${p.name}: a broken event and a wait span`);
				assert.equal(wait.end, broken.t, 'the wait ends when the barrier broke');
			}
		});

		test('hang detection names the action a cycle waits for, and what the action itself waits on', async () => {
			const barrier = new Barrier(2, {name: 'gated', action: {module: fixtures.barrier, target: 'gatedAction'}});
			const gate = new Event({name: 'gate'});
			const results = new Queue<number>();
			const procs = await children(2, 'waitWithGate', [barrier, gate, results]);
			const joined = Promise.all(procs.map(p => p.join()));
			const waits = await untilHung();
			const [runner] = (await barrier.info()).acting;
			assert.ok(runner, 'a process runs the action');
			const waiter = procs.find(p => p.pid !== runner.pid)!;
			const text = explainHang(Run.current(), waits).join('\n');
			assert.match(
				text,
				new RegExp(
					`${waiter.name} \\(pid ${waiter.pid}\\) is blocked in barrier\\.wait\\(\\) on barrier "gated": its parties have arrived and wait for the action run by ${runner.name} \\(pid ${runner.pid}\\), itself blocked in event\\.wait\\(\\)`,
				),
			);
			assert.match(text, new RegExp(`${runner.name} \\(pid ${runner.pid}\\) is blocked in event\\.wait\\(\\) on the cleared event "gate"`));
			await gate.set();
			assert.deepEqual(await joined, [0, 0]);
			assert.deepEqual((await take<number>(results, 2)).sort(), [0, 1]);
			assert.equal((await barrier.info()).cycles, 1);
		});
	});
}

/** Poll until hang detection sees every live process blocked (the bound is a safety net, not a timing assertion). */
async function untilHung(): Promise<Waiter[]> {
	const bound = Date.now() + 20_000;
	for (;;) {
		const waits = blockedWaits(Run.current());
		if (waits) return waits;
		if (Date.now() > bound) assert.fail('no hang seen');
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

/** Poll until `n` parties wait at `barrier`. */
async function untilWaiting(barrier: Barrier, n: number): Promise<void> {
	const bound = Date.now() + 20_000; // a safety net, not a timing assertion
	while ((await barrier.nWaiting()) !== n) {
		if (Date.now() > bound) assert.fail(`gave up waiting for ${n} parties at ${barrier.name}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}
