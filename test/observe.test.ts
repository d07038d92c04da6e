/**
 * Observing a run (issue 4): hangs are detected and explained, oversold
 * tickets are called out, --strict turns demonstrated defects into exit 1,
 * a two-lock deadlock is named, --trace writes one track per process, and
 * the timeline fits 80 columns.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import type {Waiter} from '../src/broker/core.ts';
import {renderTimeline} from '../src/cli/timeline.ts';
import {Event, Lock, Process} from '../src/index.ts';
import {blockedWaits, explainHang} from '../src/run/hang.ts';
import type {RunEvent} from '../src/run/run.ts';
import {Run} from '../src/run/run.ts';
import {jsonRun, pool} from './support/cli.ts';
import {assertReaped} from './support/processes.ts';
import {scratch} from './support/sandbox.ts';

describe('hangs are detected, named and ended', () => {
	test('pc-v0 and event-basics end with verdict hang; --strict makes it exit 1', async () => {
		const [pc, pcStrict, event, eventStrict] = await pool(4, [
			() => jsonRun(['pc-v0', '--fast']),
			() => jsonRun(['pc-v0', '--fast', '--strict']),
			() => jsonRun(['event-basics', '--fast']),
			() => jsonRun(['event-basics', '--fast', '--strict']),
		]);
		for (const run of [pc!, pcStrict!]) {
			assert.equal(run.summary.verdict.code, 'hang');
			assert.ok(Array.isArray(run.summary.hang), 'the summary says who was blocked');
			const hang = (run.summary.hang as string[]).join('\n');
			assert.match(hang, /consumer .*queue\.get\(\)/);
			assert.match(hang, /main .*process\.join\(\)/);
			// Every item was still delivered before the hang.
			assert.equal(run.summary.facts.produced, 10);
			assert.equal(run.summary.facts.consumed, 10);
			assert.equal(run.summary.facts.left, 0);
		}
		assert.equal(pc!.result.code, 0, "the hang is pc-v0's lesson: exit 0");
		assert.equal(pcStrict!.result.code, 1, '--strict: a demonstrated hang exits 1');
		for (const run of [event!, eventStrict!]) {
			assert.equal(run.summary.verdict.code, 'hang');
			assert.match((run.summary.hang as string[]).join('\n'), /main .*event\.wait\(\) on the cleared event "e"/);
			assert.equal(run.summary.facts.waitAfterSetPassed, true);
			assert.equal(run.summary.facts.waitAfterClearPassed, false);
		}
		assert.equal(event!.result.code, 0);
		assert.equal(eventStrict!.result.code, 1);
	});
});

describe('ticket: oversold without the lock, safe with it', () => {
	test("at the tutorial's speed every client buys the last ticket; --strict exits 1; --lock sells one", async () => {
		const [race, strict, locked] = await pool(3, [
			() => jsonRun(['ticket', '--speed', '1']),
			() => jsonRun(['ticket', '--speed', '1', '--strict']),
			() => jsonRun(['ticket', '--lock', '--fast', '--strict']),
		]);
		for (const run of [race!, strict!]) {
			assert.equal(run.summary.verdict.code, 'oversold', JSON.stringify(run.summary));
			assert.equal(run.summary.facts.available, 1);
			assert.equal(run.summary.facts.sold, 3, 'all three clients bought the one ticket');
			assert.equal(run.events.filter(event => event.type === 'log' && / bought a ticket$/.test(event.text)).length, 3);
		}
		assert.equal(race!.result.code, 0, 'overselling is the lesson without the lock');
		assert.equal(strict!.result.code, 1, '--strict: oversold exits 1');
		assert.equal(locked!.summary.verdict.code, 'safe');
		assert.equal(locked!.summary.facts.sold, 1);
		assert.equal(locked!.result.code, 0, '--strict with the lock: nothing to complain about');
	});
});

describe('a two-lock deadlock', () => {
	test('is seen as every process blocked, and explained as a deadlock', async () => {
		const fixture = new URL('./fixtures/deadlock.ts', import.meta.url);
		const a = new Lock({name: 'lock-a'});
		const b = new Lock({name: 'lock-b'});
		const aHolds = new Event({name: 'a-holds'});
		const bHolds = new Event({name: 'b-holds'});
		const run = Run.current();
		const first = new Process({module: fixture, target: 'takeBoth', args: [a, b, aHolds, bHolds], name: 'first'});
		const second = new Process({module: fixture, target: 'takeBoth', args: [b, a, bHolds, aHolds], name: 'second'});
		let joined: Promise<unknown> | undefined;
		try {
			await first.start();
			await second.start();
			// main blocks in join(), which counts as a wait: once both children wait too, nobody can act.
			joined = Promise.all([first.join(), second.join()]);
			let waits: Waiter[] | null = null;
			const bound = Date.now() + 60_000; // a safety net, not a timing assertion
			for (waits = blockedWaits(run); !waits; waits = blockedWaits(run)) {
				if (Date.now() > bound)
					assert.fail(
						`no deadlock seen; waiting: ${run.broker
							.waiting()
							.map(w => `${w.peer.name} ${w.call} ${w.target}`)
							.join(', ')}`,
					);
				await new Promise(resolve => setTimeout(resolve, 20));
			}
			assert.equal((await a.info()).waiting + (await b.info()).waiting, 2);
			const lines = explainHang(run, waits);
			const text = lines.join('\n');
			// One line names the whole cycle, starting from whichever of the two parked first.
			const [f, s] = [`first (pid ${first.pid})`, `second (pid ${second.pid})`];
			const cycle = lines.filter(line => line.endsWith(': a deadlock'));
			assert.equal(cycle.length, 1, text);
			assert.ok(
				[
					`${f} holds lock "lock-a" and waits for lock "lock-b", held by ${s}, who waits for lock "lock-a", held by first: a deadlock`,
					`${s} holds lock "lock-b" and waits for lock "lock-a", held by ${f}, who waits for lock "lock-b", held by second: a deadlock`,
				].includes(cycle[0]!),
				text,
			);
			assert.match(text, /main \(pid \d+\) is blocked in process\.join\(\) waiting for first, itself blocked in lock\.acquire\(\)/);
			assert.ok(text.includes(`(pid ${first.pid})`) && text.includes(`(pid ${second.pid})`));
		} finally {
			await Run.current().stop();
			await joined;
		}
		assert.equal(first.alive, false);
		assert.equal(second.alive, false);
		for (const pid of [first.pid!, second.pid!]) assertReaped(pid);
		assert.equal(fs.existsSync(run.dir), false, 'the run folder is removed');
	});
});

describe('--trace', () => {
	test('writes Chrome trace JSON with one track per process', async t => {
		const dir = scratch(t, 'trace-test');
		const file = path.join(dir, 'trace.json');
		const run = await jsonRun(['ticket', '--lock', '--fast', '--trace', file]);
		assert.equal(run.result.code, 0);
		const trace = JSON.parse(fs.readFileSync(file, 'utf8')) as {traceEvents: Array<Record<string, any>>; otherData?: {scenario?: string}};
		assert.ok(Array.isArray(trace.traceEvents));
		assert.equal(trace.otherData?.scenario, 'ticket-grab');
		assert.deepEqual(fs.readdirSync(dir), ['trace.json'], 'no temporary file is left next to it');

		const tracks = new Set(trace.traceEvents.map(event => event.pid as number));
		const expected = new Set([run.run.pid as number, ...run.pids]);
		assert.equal(run.pids.length, 3);
		assert.deepEqual([...tracks].sort(), [...expected].sort(), 'one track per spawned process, plus main');
		const names = trace.traceEvents.filter(event => event.ph === 'M' && event.name === 'process_name');
		assert.equal(names.length, expected.size, 'each track is named once');
		for (const spawned of run.events.filter(event => event.type === 'spawn')) {
			assert.ok(
				names.some(event => event.pid === spawned.pid && event.args.name === `${spawned.proc} (${spawned.pid})`),
				spawned.proc,
			);
		}
		for (const event of trace.traceEvents) {
			if (event.ph === 'M') continue;
			assert.equal(typeof event.ts, 'number');
			assert.ok(event.ts >= 0);
			if (event.ph === 'X') assert.ok(event.dur >= 1);
		}
		// The lock shows: three holds of db-lock.
		assert.equal(trace.traceEvents.filter(event => event.ph === 'X' && event.name === 'hold lock db-lock').length, 3);
	});
});

describe('timeline', () => {
	const lock = (t: number, proc: string, pid: number, op: string): RunEvent => ({type: 'sync', t, proc, pid, op, kind: 'lock', target: 'db-lock'});
	/** ticket --lock, recorded by hand: three clients take the lock in turn. */
	const events: RunEvent[] = [
		{type: 'spawn', t: 0, proc: 'client-0', pid: 101, daemon: false},
		{type: 'spawn', t: 10, proc: 'client-1', pid: 102, daemon: false},
		{type: 'spawn', t: 20, proc: 'client-2', pid: 103, daemon: false},
		{type: 'sync', t: 30, proc: 'main', pid: 100, op: 'set', kind: 'event', target: 'doors-open', woken: 0},
		{type: 'log', t: 100, proc: 'client-0', pid: 101, text: 'tickets left: 1'},
		lock(100, 'client-0', 101, 'acquired'),
		{type: 'log', t: 110, proc: 'client-1', pid: 102, text: 'tickets left: 1'},
		lock(110, 'client-1', 102, 'acquire'),
		{type: 'log', t: 120, proc: 'client-2', pid: 103, text: 'tickets left: 1'},
		lock(120, 'client-2', 103, 'acquire'),
		{type: 'log', t: 400, proc: 'client-0', pid: 101, text: 'client 0 bought a ticket'},
		lock(400, 'client-0', 101, 'release'),
		lock(400, 'client-1', 102, 'acquired'),
		{type: 'exit', t: 420, proc: 'client-0', pid: 101, code: 0, signal: null},
		lock(700, 'client-1', 102, 'release'),
		lock(700, 'client-2', 103, 'acquired'),
		{type: 'exit', t: 720, proc: 'client-1', pid: 102, code: 0, signal: null},
		lock(1000, 'client-2', 103, 'release'),
		{type: 'exit', t: 1020, proc: 'client-2', pid: 103, code: 0, signal: null},
	];

	test('renders a recorded run within 80 columns', () => {
		const lines = renderTimeline(events, 1240, {unicode: false, paint: (_kind, text) => text});
		for (const line of lines) assert.ok(line.length <= 80, `${line.length} columns: ${line}`);
		// 62 columns of 20 ms each: client-0 holds 100–400 ms, client-1 waits 110–400 then holds 400–700, …
		assert.deepEqual(lines, [
			'client-0        |-----###############-                                         |',
			'client-1        |-----...............###############-                          |',
			'client-2        | -----.............................###############-           |',
			'main            |--------------------------------------------------------------|',
			'                 0s                                                        1.24s',
			'                 # holds lock/permit  . waits  - runs',
		]);
	});

	test('a hand-over inside one cell never shows two holders of a Semaphore(1) in one column', () => {
		const permit = (t: number, proc: string, pid: number, op: string): RunEvent => ({type: 'sync', t, proc, pid, op, kind: 'semaphore', target: 'machine'});
		const handOvers: RunEvent[] = [
			{type: 'spawn', t: 0, proc: 'a', pid: 201, daemon: false},
			{type: 'spawn', t: 0, proc: 'b', pid: 202, daemon: false},
			permit(3, 'a', 201, 'acquired'),
			permit(107, 'b', 202, 'acquire'),
			permit(107, 'a', 201, 'release'),
			permit(107, 'b', 202, 'acquired'),
			permit(533, 'b', 202, 'release'),
			permit(533, 'a', 201, 'acquired'),
			permit(1001, 'a', 201, 'release'),
		];
		const lines = renderTimeline(handOvers, 1240, {unicode: false, paint: (_kind, text) => text});
		const lanes = lines.slice(0, 2).map(line => line.slice(17, -1));
		for (let c = 0; c < lanes[0]!.length; c++) {
			assert.ok(lanes.filter(lane => lane[c] === '#').length <= 1, `column ${c}:\n${lines.join('\n')}`);
		}
		assert.ok(
			lanes.every(lane => lane.includes('#')),
			'both holds show',
		);
	});

	test('paints each run of cells once, by kind, and fits 80 columns with unicode too', () => {
		const painted: Array<[string, string]> = [];
		const lines = renderTimeline(events, 1240, {
			unicode: true,
			paint: (kind, text) => {
				painted.push([kind, text]);
				return text;
			},
		});
		for (const line of lines) assert.ok([...line].length <= 80, `${[...line].length} columns: ${line}`);
		assert.equal(lines[0], 'client-0        │─────███████████████─                                         │');
		assert.ok(
			painted.some(([kind, text]) => kind === 'wait' && text === '░'.repeat(29)),
			'client-2 waits 29 columns',
		);
		for (const [kind, text] of painted) assert.ok(text.length > 0 && (kind === 'none' || /^(─+|░+|█+)$/.test(text)), `${kind}: ${text}`);
	});
});
