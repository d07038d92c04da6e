/**
 * `sync-demo run <file>` end to end, through the real bin: a learner's
 * programs (test/fixtures/programs, copied into a scratch folder with no
 * node_modules, where a learner writes them) and the three examples. What
 * each process printed, under its name; the sync profile; the verdicts and
 * exit statuses; --trace, --timeout, Ctrl-C, bad input; nothing left behind.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type {TestContext} from 'node:test';
import {describe, test} from 'node:test';
import type {JsonRun} from './support/cli.ts';
import {assertCleanedUp, assertJsonError, cli, parseJsonRun} from './support/cli.ts';
import {root} from './support/paths.ts';
import {runFoldersOf} from './support/run-folders.ts';
import {scratch} from './support/sandbox.ts';
import {startCli} from './support/watched.ts';

/** The fixture programs, copied where a learner writes them: nothing above can resolve 'sync-demo'. */
function programs(t: TestContext): string {
	const dir = scratch(t, 'program');
	fs.cpSync(path.join(root, 'test', 'fixtures', 'programs'), dir, {recursive: true});
	for (let up = dir; up !== path.dirname(up); up = path.dirname(up)) assert.ok(!fs.existsSync(path.join(up, 'node_modules')), `no node_modules in ${up}`);
	return dir;
}

/** `sync-demo run <file> --json [flags] [-- args]`: parsed, checked for shape, and nothing left behind. */
async function runProgram(file: string, {args = [], flags = []}: {args?: string[]; flags?: string[]} = {}): Promise<JsonRun> {
	const result = await cli(['run', file, '--json', ...flags, ...(args.length > 0 ? ['--', ...args] : [])]);
	const run = parseJsonRun(result);
	assertCleanedUp(result, run.pids);
	return run;
}

/** What `proc` printed, in order (`stream` picks stdout or stderr lines; log() lines have none). */
function printed(run: JsonRun, proc: string, stream?: 'stdout' | 'stderr'): string[] {
	return run.events.filter(event => event.type === 'log' && event.proc === proc && (stream === undefined || event.stream === stream)).map(event => event.text);
}

const primitive = (run: JsonRun, kind: string, name: string) => run.summary.profile.primitives.find((p: any) => p.kind === kind && p.name === name);

/** The profile's bookkeeping holds for every process: main first, each child once with its pid, blocked within its life. */
function assertProfileShape(run: JsonRun): void {
	const {processes} = run.summary.profile;
	assert.equal(processes[0].proc, 'main');
	assert.equal(processes[0].pid, run.run.pid);
	const spawned = run.events.filter(event => event.type === 'spawn').map(event => `${event.proc} ${event.pid}`);
	assert.deepEqual(
		processes
			.slice(1)
			.map((p: any) => `${p.proc} ${p.pid}`)
			.sort(),
		spawned.sort(),
		'one profile line per child',
	);
	for (const p of processes) {
		assert.ok(p.blockedMs <= p.ranMs + 0.1, `${p.proc}: blocked ${p.blockedMs} ms within its ${p.ranMs} ms`);
		assert.ok(p.ranMs <= run.summary.durationMs + 1, `${p.proc}: ran within the run`);
		const sum = p.blockedOn.reduce((total: number, on: any) => total + on.ms, 0);
		assert.ok(sum + 0.2 >= p.blockedMs, `${p.proc}: what it waited on covers its blocked time`);
	}
}

describe('a program of your own', () => {
	test('TypeScript from a folder without node_modules: imports resolve, every process prints under its name, its arguments and exit status are its own', async t => {
		const dir = programs(t);
		const file = path.join(dir, 'squares.ts');
		const run = await runProgram(file, {args: ['alpha', '--status', '3']});
		assert.equal(run.run.file, file);
		assert.deepEqual(run.run.args, ['alpha', '--status', '3']);
		assert.equal(run.summary.verdict.code, 'clean');
		assert.equal(run.result.code, 3, 'the exit status main set');
		assert.deepEqual(printed(run, 'main', 'stdout'), ['args: alpha --status 3', `module: ${file}`, 'squares: 1 4 9']);
		for (const n of [1, 2, 3]) {
			assert.deepEqual(printed(run, `worker-${n}`, 'stdout'), [`worker ${n} holds the lock`]);
			assert.ok(printed(run, `worker-${n}`).includes(`worker ${n} says twice ${2 * n}`), 'log() travels as the process');
		}
		assert.deepEqual(printed(run, 'late'), ['late child: 49'], 'a module main never imported runs in its child');
		assert.deepEqual(
			run.events
				.filter(event => event.type === 'exit')
				.map(event => `${event.proc} ${event.code}`)
				.sort(),
			['late 0', 'worker-1 0', 'worker-2 0', 'worker-3 0'],
		);
		assertProfileShape(run);
		const lock = primitive(run, 'lock', 'print');
		assert.equal(lock.operations, 6, 'three acquired, three released');
		assert.equal(lock.peakHolders, 1);
		const results = primitive(run, 'queue', 'results');
		assert.equal(results.operations, 6, 'three items put, three taken');
		assert.ok(results.peakSize >= 1 && results.peakSize <= 3);
		const main = run.summary.profile.processes[0];
		assert.ok(
			main.blockedOn.some((on: any) => on.on === 'process late'),
			'main waited to join late',
		);
	});

	test('JavaScript whose main returns with a child still working: joined at exit, as Python does, and said so (leaked; exit 1 with --strict)', async t => {
		const dir = programs(t);
		const run = await runProgram(path.join(dir, 'leaky.mjs'));
		assert.equal(run.summary.verdict.code, 'leaked');
		assert.match(run.summary.verdict.sentence, /slowpoke still ran; sync-demo joined it as Python does at exit/);
		assert.deepEqual(run.summary.leaked, ['slowpoke']);
		assert.equal(run.result.code, 0);
		assert.deepEqual(printed(run, 'slowpoke', 'stdout'), ['slowpoke finished the item'], 'the child was joined, not stopped');
		const exit = run.events.find(event => event.type === 'exit');
		assert.equal(exit?.code, 0);
		const strict = await runProgram(path.join(dir, 'leaky.mjs'), {flags: ['--strict']});
		assert.equal(strict.summary.verdict.code, 'leaked');
		assert.equal(strict.result.code, 1);
	});

	for (const where of ['child', 'main', 'timer'] as const) {
		test(`a crash in ${where === 'child' ? 'a child' : where === 'main' ? "main's code" : "a timer of main's"}: crashed, the process and its stack in the summary, exit 1`, async t => {
			const dir = programs(t);
			const file = path.join(dir, 'crashy.ts');
			const run = await runProgram(file, {args: ['--where', where]});
			assert.equal(run.summary.verdict.code, 'crashed');
			assert.equal(run.result.code, 1);
			const crash = run.summary.crashed.find((c: any) => c.proc === (where === 'child' ? 'bomber' : 'main'));
			assert.ok(crash, JSON.stringify(run.summary.crashed));
			const first = {child: 'Error: boom in the child', main: 'TypeError: main gave up', timer: 'RangeError: a timer of main failed'}[where];
			assert.equal(crash.stack[0], first);
			const line = {child: 6, main: 15, timer: 18}[where];
			assert.ok(
				crash.stack.some((frame: string) => frame.includes(`${file}:${line}:`)),
				`the stack points at the line of the program's own file that threw (${line}): ${crash.stack.join('\n')}`,
			);
			assert.ok(run.summary.verdict.sentence.includes(first));
		});
	}

	test("a child's own child, started from the program's module: it runs the same copy; the child's join() shows in its profile", async t => {
		const run = await runProgram(path.join(programs(t), 'nested.ts'));
		assert.equal(run.summary.verdict.code, 'clean');
		assert.equal(run.result.code, 0);
		assert.deepEqual(printed(run, 'main'), ['hello from the grandchild']);
		assert.deepEqual(printed(run, 'child'), ['joined my own child']);
		assert.equal(run.events.find(event => event.type === 'spawn' && event.proc === 'grandchild')?.parent, 'child');
		assertProfileShape(run);
		const child = run.summary.profile.processes.find((p: any) => p.proc === 'child');
		assert.deepEqual(
			child.blockedOn.map((on: any) => on.on),
			['process grandchild'],
		);
	});

	test('a program that hangs: every process blocked, explained, stopped, exit 1', async t => {
		const run = await runProgram(path.join(programs(t), 'hangs.ts'));
		assert.equal(run.summary.verdict.code, 'hang');
		assert.equal(run.result.code, 1);
		assert.deepEqual(printed(run, 'consumer', 'stdout'), ['got 1', 'got 2']);
		const hang = run.summary.hang.join('\n');
		assert.match(hang, /consumer \(pid \d+\) is blocked in queue\.get\(\) on an empty queue "jobs"/);
		assert.match(hang, /main \(pid \d+\) is blocked in process\.join\(\) waiting for consumer/);
	});

	test('process.exit(n) in main: its finally runs, the status is n', async t => {
		const run = await runProgram(path.join(programs(t), 'exits.ts'));
		assert.equal(run.result.code, 4);
		assert.equal(run.summary.verdict.code, 'clean');
		assert.deepEqual(printed(run, 'main'), ['finally ran']);
	});

	test('a program that never uses the library still runs, and says it saw no processes', async t => {
		const run = await runProgram(path.join(programs(t), 'plain.mjs'));
		assert.equal(run.result.code, 0);
		assert.equal(run.summary.verdict.code, 'clean');
		assert.match(run.summary.verdict.sentence, /saw no processes/);
		assert.deepEqual(printed(run, 'main', 'stdout'), ['just a script']);
		assert.deepEqual(printed(run, 'main', 'stderr'), ['on stderr']);
		assert.deepEqual(run.summary.profile.primitives, []);
		assert.deepEqual(
			run.summary.profile.processes.map((p: any) => p.proc),
			['main'],
		);
	});

	test('--timeout stops a program that spins without ever blocking', async t => {
		const run = await runProgram(path.join(programs(t), 'spin.mjs'), {flags: ['--timeout', '2']});
		assert.equal(run.summary.verdict.code, 'timeout');
		assert.equal(run.result.code, 1);
	});

	test('--trace writes one track per process of the program', async t => {
		const dir = programs(t);
		const trace = path.join(dir, 'trace.json');
		const run = await runProgram(path.join(dir, 'squares.ts'), {flags: ['--trace', trace]});
		const {traceEvents} = JSON.parse(fs.readFileSync(trace, 'utf8')) as {traceEvents: Array<Record<string, any>>};
		const tracks = traceEvents.filter(event => event.name === 'thread_name').map(event => event.args.name as string);
		assert.deepEqual(tracks.sort(), ['late', 'main', 'worker-1', 'worker-2', 'worker-3']);
		assert.ok(
			traceEvents.some(event => event.ph === 'X' && event.name === 'hold lock print'),
			'lock holds are spans',
		);
		assert.equal(run.result.code, 0);
	});

	test('Ctrl-C: the children get it, the folder goes, the summary says interrupted, exit 130', async t => {
		const run = startCli(['run', path.join(programs(t), 'spin.mjs'), '--json']);
		await run.line(line => line.type === 'spawn', 'the spinner to start');
		process.kill(run.pid, 'SIGINT');
		const {code} = await run.end();
		assert.equal(code, 130);
		assert.equal(run.summary.interrupted, 'SIGINT');
		assert.equal(run.summary.verdict.code, 'interrupted');
		assertCleanedUp(
			{args: [], pid: run.pid, code, signal: null, stdout: run.stdout, stderr: run.stderr},
			run.spawned.map(spawned => spawned.pid),
		);
	});
});

describe('the examples', () => {
	test('worker-pool: every task done exactly once, every worker leaves on its sentinel', async () => {
		const run = await runProgram('examples/worker-pool.ts');
		assert.equal(run.summary.verdict.code, 'clean');
		assert.equal(run.result.code, 0);
		assert.deepEqual(printed(run, 'main').sort(), Array.from({length: 9}, (_, i) => `${i + 1}² = ${(i + 1) ** 2}`).sort());
		for (const worker of ['worker-0', 'worker-1', 'worker-2']) assert.ok(printed(run, worker).includes('no more tasks, leaving'), worker);
		assert.equal(primitive(run, 'queue', 'tasks').operations, 24, 'twelve items in (nine tasks, three sentinels), twelve out');
		assertProfileShape(run);
	});

	test('deadlock: two locks in opposite orders, seen and explained as a deadlock, exit 1', async () => {
		const run = await runProgram('examples/deadlock.ts');
		assert.equal(run.summary.verdict.code, 'deadlock');
		assert.match(run.summary.verdict.sentence, /^(left → right → left|right → left → right): each waits for what the next holds/);
		assert.equal(run.result.code, 1);
		const hang = run.summary.hang.join('\n');
		// The hang explanation names the cycle once (starting from whichever member it meets first).
		assert.match(
			hang,
			/(left \(pid \d+\) holds lock "a" and waits for lock "b", held by right|right \(pid \d+\) holds lock "b" and waits for lock "a", held by left) \(pid \d+\), who waits for lock "[ab]", held by (left|right): a deadlock/,
		);
		for (const name of ['a', 'b']) assert.equal(primitive(run, 'lock', name).peakHolders, 1);
	});

	test('pipeline: every word through every stage, in order; no queue above its bound', async () => {
		const run = await runProgram('examples/pipeline.ts', {args: ['the', 'quick', 'brown', 'fox']});
		assert.equal(run.summary.verdict.code, 'clean');
		assert.equal(run.result.code, 0);
		assert.deepEqual(printed(run, 'printer'), ['THE!', 'QUICK!', 'BROWN!', 'FOX!', '4 word(s) through the pipeline']);
		for (const name of ['raw', 'loud']) assert.ok(primitive(run, 'queue', name).peakSize <= 2, `queue ${name} stays within maxsize 2`);
		assertProfileShape(run);
	});

	test('in text: lines under each process, the timeline, the profile and the verdict', async () => {
		const result = await cli(['run', 'examples/pipeline.ts', '--no-color']);
		assert.equal(result.code, 0, result.stderr);
		const lines = result.stdout.split('\n');
		assert.equal(lines[0], '▶ examples/pipeline.ts  (your program)');
		assert.ok(
			lines.some(line => /^ +\d+\.\d{3}s printer +\d+ {2}PROCESSES!$/.test(line)),
			'a child line under its name and pid',
		);
		for (const lane of ['reader', 'shouter', 'printer', 'main'])
			assert.ok(
				lines.some(line => line.startsWith(`${lane.padEnd(16)}|`)),
				`a timeline lane for ${lane}`,
			);
		assert.ok(
			lines.some(line => /│ queue raw +│/.test(line)),
			'the primitives table',
		);
		assert.ok(
			lines.some(line => /│ printer +│ \d+ +│/.test(line)),
			'the processes table',
		);
		// The verdict, wrapped to 80 columns: its continuation lines run up to the last line.
		const verdict = lines.slice(
			lines.findIndex(line => line.startsWith('✔ clean: ')),
			-2,
		);
		assert.equal(verdict.join(' ').replace(/ +/g, ' '), '✔ clean: 3 process(es) started and all ended: none hung, crashed or was left running');
		assert.match(lines.at(-2)!, /^ {2}examples\/pipeline\.ts finished in \d+\.\d\d s, exit status 0$/);
		assert.deepEqual(runFoldersOf(result.pid), []);
	});

	test('--quiet: the profile and the verdict only', async t => {
		const result = await cli(['run', path.join(programs(t), 'leaky.mjs'), '--quiet', '--no-color']);
		assert.equal(result.code, 0, result.stderr);
		const lines = result.stdout.trimEnd().split('\n');
		assert.ok(lines[0]!.startsWith('┌'), `the output begins with the profile: ${lines[0]}`);
		assert.ok(
			lines.some(line => /│ queue handoff +│ 2 +│/.test(line)),
			'the queue: one item put, one taken',
		);
		assert.ok(!lines.some(line => /^ +\d+\.\d{3}s /.test(line)), 'no event lines');
		assert.ok(!lines.some(line => line.startsWith('main            |')), 'no timeline');
		assert.ok(
			lines.some(line => /│ slowpoke +│ \d+ +│/.test(line)),
			'the processes table',
		);
		// A defect the run shows, exit 0: marked ◆ (test/units/verdicts.test.ts).
		assert.match(result.stdout, /^◆ leaked: main returned while slowpoke still ran/m);
	});
});

describe('bad input exits 2 before anything starts', () => {
	test('a missing file, a folder, another language, a syntax error, a scenario-only option', async t => {
		const dir = programs(t);
		fs.writeFileSync(path.join(dir, 'broken.ts'), 'const x: = 1;\n');
		fs.writeFileSync(path.join(dir, 'notes.py'), 'print("hi")\n');
		const cases: Array<[string[], RegExp]> = [
			[['run', path.join(dir, 'nothere.ts')], /^no such file: .*nothere\.ts$/],
			[['run', path.join(dir, 'lib')], /is not a file$/],
			[['run', path.join(dir, 'notes.py')], /notes\.py is not a JavaScript or TypeScript module: sync-demo run takes \.js, \.mjs, \.ts, \.mts$/],
			[['run', path.join(dir, 'broken.ts')], /^cannot load .*broken\.ts: .*broken\.ts:1:10: Unexpected "="$/],
			[['run', path.join(dir, 'plain.mjs'), '--speed', '2'], /^--speed sets a scenario's pace/],
			[['run'], /missing required argument 'file'/],
		];
		for (const [args, pattern] of cases) {
			const result = await cli(args);
			assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
			assert.equal(result.stdout, '');
			const lines = result.stderr.trim().split('\n');
			assert.equal(lines.length, 1, result.stderr);
			assert.match(lines[0]!.replace(/^error: /, ''), pattern);
			assertJsonError(await cli([...args, '--json']), 'usage', pattern);
		}
	});
});
