/**
 * End-to-end: the real bin, run as users run it. Every scenario with
 * `--fast --json`, checked against what its lesson promises; the tutorial's
 * Chinese lines; bad input; list, explain, help and version; and that no run
 * leaves a process or a folder behind.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {describe, test} from 'node:test';
import type {JsonRun} from './support/cli.ts';
import {assertCleanedUp, assertJsonError, cli, jsonRun, pool} from './support/cli.ts';
import {root} from './support/paths.ts';
import type {CliResult} from './support/watched.ts';

const SCENARIOS = [
	'print-race',
	'ticket-grab',
	'arcade-semaphore',
	'event-basics',
	'traffic-light',
	'queue-basics',
	'queue-message',
	'queue-safety',
	'pc-v0',
	'pc-v1',
	'pc-v2',
	'pc-v3',
	'joinable',
];
const LIMIT = 3;

/** Which scenario a run was, and the invariant its summary must satisfy. */
interface Case {
	args: string[];
	check(run: JsonRun): void;
}

const facts = (run: JsonRun) => run.summary.facts as Record<string, any>;

/** Every item made was taken exactly once, nothing left. */
function deliveredOnce(run: JsonRun, expected: number): void {
	const f = facts(run);
	assert.equal(f.produced, expected, 'produced');
	assert.equal(f.consumed, expected, 'consumed');
	assert.equal(f.consumedTwice, 0, 'consumed twice');
	assert.equal(f.left, 0, 'left');
	assert.equal(run.summary.verdict.code, 'complete');
	assert.equal(run.result.code, 0);
}

function childNames(run: JsonRun): string[] {
	return run.events
		.filter(event => event.type === 'spawn')
		.map(event => event.proc as string)
		.sort();
}

const cases: Case[] = [
	{
		args: ['print-race', '--lock'],
		check(run) {
			assert.equal(facts(run).interleaved, 0, 'with the lock no start/done pair is interleaved');
			assert.equal(facts(run).pairs, 5);
			assert.equal(run.summary.verdict.code, 'serialized');
			assert.equal(run.result.code, 0);
			// Each worker prints its two lines, and with the lock they are adjacent.
			const lines = run.events.filter(event => event.type === 'log' && event.proc.startsWith('worker-'));
			assert.equal(lines.length, 10);
			for (let i = 0; i < lines.length; i += 2) assert.equal(lines[i]!.proc, lines[i + 1]!.proc);
		},
	},
	{
		args: ['print-race'],
		check(run) {
			assert.equal(facts(run).workers, 5);
			assert.equal(facts(run).pairs, 5);
			assert.ok(['interleaved', 'serialized'].includes(run.summary.verdict.code));
			assert.equal(run.result.code, 0, 'interleaving without the lock is the lesson, not a failure');
		},
	},
	{
		args: ['ticket', '--lock'],
		check(run) {
			assert.equal(run.summary.scenario, 'ticket-grab');
			assert.equal(facts(run).sold, 1, 'with the lock exactly the tickets on sale are sold');
			assert.equal(facts(run).left, 0);
			assert.equal(run.summary.verdict.code, 'safe');
			assert.equal(run.result.code, 0);
			assert.deepEqual(childNames(run), ['client-0', 'client-1', 'client-2']);
			// The lock was really used: acquired and released by the buyers.
			const ops = run.events.filter(event => event.type === 'sync' && event.kind === 'lock' && event.target === 'db-lock');
			assert.equal(ops.filter(event => event.op === 'acquired').length, 3);
			assert.equal(ops.filter(event => event.op === 'release').length, 3);
		},
	},
	{
		args: ['ticket', '--lock', '--clients', '5', '--tickets', '2'],
		check(run) {
			assert.equal(facts(run).clients, 5);
			assert.equal(facts(run).available, 2);
			assert.equal(facts(run).sold, 2);
			assert.equal(facts(run).left, 0);
			assert.equal(run.summary.verdict.code, 'safe');
			assert.equal(run.events.filter(event => event.type === 'log' && / bought a ticket$/.test(event.text)).length, 2);
		},
	},
	{
		args: ['arcade-semaphore'],
		check(run) {
			const f = facts(run);
			assert.equal(f.machines, 4);
			assert.equal(f.customers, 10);
			assert.ok(f.peakPlayers <= f.machines, `peak ${f.peakPlayers} ≤ ${f.machines} machines`);
			assert.equal(f.peakPlayers, f.machines, 'ten customers fill all four machines');
			assert.equal(f.played, 10);
			assert.equal(f.freeAtEnd, 4);
			assert.equal(run.summary.verdict.code, 'within-limit');
		},
	},
	{
		args: ['event-basics'],
		check(run) {
			assert.equal(facts(run).waitAfterSetPassed, true);
			assert.equal(run.summary.verdict.code, 'hang');
			assert.equal(run.result.code, 0);
			assert.ok(run.events.some(event => event.type === 'sync' && event.op === 'set' && event.target === 'e'));
		},
	},
	{
		args: ['traffic-light', '--duration', '3'],
		check(run) {
			const f = facts(run);
			assert.equal(f.cars, 9, '3 cars a second for 3 s');
			assert.equal(f.wentWhileRed, 0);
			assert.equal(f.waitedOnRed + f.wentOnGreen, f.cars);
			assert.equal(run.summary.verdict.code, 'obeyed');
			// The light is a daemon: stopped at the end, yet it has its exit event (checked by parseJsonRun).
			assert.ok(run.events.some(event => event.type === 'spawn' && event.proc === 'light' && event.daemon === true));
		},
	},
	{
		args: ['queue-basics'],
		check(run) {
			const f = facts(run);
			assert.deepEqual(f.got, [1, 2, 3]);
			assert.equal(f.fullRaised, true);
			assert.equal(f.emptyRaised, true);
			assert.equal(run.summary.verdict.code, 'fifo');
		},
	},
	{
		args: ['queue-message'],
		check(run) {
			assert.equal(facts(run).received, 2);
			assert.equal(facts(run).left, 0);
			assert.equal(run.summary.verdict.code, 'delivered');
			// Both messages arrive. Their order is not asserted: at --fast the teacher's 1 s head start is
			// 50 ms, less than a child may take to start on a busy machine, so the boy's put can come second.
			const girl = run.events.filter(event => event.type === 'log' && event.proc === 'girl').map(event => (event.text as string).replace(/^.*>>> /, ''));
			assert.deepEqual(girl.sort(), ['lunch together?', 'pay attention in class, no daydreaming!']);
		},
	},
	{
		args: ['queue-safety'],
		check(run) {
			assert.equal(facts(run).putters, 10);
			assert.equal(facts(run).getters, 10);
			deliveredOnce(run, 10);
		},
	},
	{
		args: ['pc-v0'],
		check(run) {
			assert.equal(run.summary.verdict.code, 'hang');
			assert.equal(facts(run).consumedTwice, 0);
			assert.equal(run.result.code, 0);
		},
	},
	{
		args: ['pc-v1'],
		check(run) {
			// Stopping too early is pc-v1's lesson, so only duplicates would be a bug.
			const f = facts(run);
			assert.equal(f.produced, 10);
			assert.equal(f.consumedTwice, 0);
			assert.equal(f.consumed + f.left, f.produced);
			assert.ok(['complete', 'left-in-queue'].includes(run.summary.verdict.code));
			assert.equal(run.result.code, 0);
		},
	},
	{
		args: ['pc-v1', '--consumer-delay', '0.2', '--items', '20'],
		check(run) {
			// A consumer five times faster than the producer finds the queue empty before the producer is done
			// (even when it starts late on a busy machine: it catches up long before the 20th item). Twenty fit in
			// Queue(20), so the producer never waits on a full queue.
			const f = facts(run);
			assert.equal(run.summary.verdict.code, 'left-in-queue');
			assert.ok(f.left > 0 && f.consumed + f.left === f.produced && f.produced === 20, JSON.stringify(f));
			assert.equal(f.inQueue, f.left, 'the items not taken are in the queue');
			assert.equal(run.result.code, 0, "items left behind are pc-v1's lesson");
		},
	},
	{
		args: ['pc-v2'],
		check(run) {
			assert.equal(run.run.options.sentinelFrom, 'producer');
			deliveredOnce(run, 10);
		},
	},
	{
		args: ['pc-v2', '--sentinel-from', 'main'],
		check(run) {
			assert.equal(run.run.options.sentinelFrom, 'main');
			deliveredOnce(run, 10);
			// The sentinel came from main.
			assert.ok(run.events.some(event => event.type === 'sync' && event.proc === 'main' && event.op === 'put' && event.target === 'q'));
		},
	},
	{
		args: ['pc-v3'],
		check(run) {
			deliveredOnce(run, 3 * 10);
			assert.equal(childNames(run).length, 6);
		},
	},
	{
		args: ['joinable'],
		check(run) {
			assert.equal(facts(run).unfinished, 0);
			deliveredOnce(run, 10);
		},
	},
];

describe('every scenario, --fast --json', () => {
	test('runs every scenario and checks what its lesson promises', async () => {
		const runs = await pool(
			LIMIT,
			cases.map(c => () => jsonRun([...c.args, '--fast'])),
		);
		const seen = new Set<string>();
		const failures: string[] = [];
		cases.forEach((c, i) => {
			const run = runs[i]!;
			seen.add(run.summary.scenario);
			assert.equal(run.run.env.speed, 20, '--fast is speed 20');
			try {
				c.check(run);
			} catch (error) {
				failures.push(`${c.args.join(' ')}: ${(error as Error).message}\n  summary: ${JSON.stringify(run.summary)}`);
			}
		});
		assert.deepEqual(failures, []);
		assert.deepEqual([...seen].sort(), [...SCENARIOS].sort(), 'every scenario ran');

		// Across all runs: the event kinds the JSON stream promises all occur.
		const all = runs.flatMap(run => run.events);
		for (const type of ['spawn', 'exit', 'log', 'sync'])
			assert.ok(
				all.some(event => event.type === type),
				`some ${type} event`,
			);
		assert.ok(all.some(event => event.type === 'exit' && event.code === 0));
	});
});

describe("--lang zh prints the tutorial's lines", () => {
	test('ticket and event', async () => {
		const [ticket, locked, event] = await pool(LIMIT, [
			() => cli(['ticket', '--lang', 'zh', '--fast']),
			() => cli(['ticket', '--lock', '--lang', 'zh', '--fast']),
			() => cli(['event', '--lang', 'zh', '--fast']),
		]);
		for (const result of [ticket!, locked!, event!]) assert.equal(result.code, 0, result.stderr);
		assert.match(ticket!.stdout, /剩余票数1/);
		assert.match(ticket!.stdout, /\d号用户购票成功/);
		assert.match(locked!.stdout, /剩余票数/);
		assert.match(locked!.stdout, /\d号用户购票成功/);
		assert.equal(locked!.stdout.match(/\d号用户购票成功/g)?.length, 1, 'with the lock one client buys');
		assert.match(event!.stdout, /我在wait之前!/);
		assert.match(event!.stdout, /我在wait之后!/);
		assert.doesNotMatch(ticket!.stdout, /bought a ticket/);
	});

	test('--json carries the same lines', async () => {
		const run = await jsonRun(['ticket', '--lang', 'zh', '--fast']);
		assert.equal(run.run.env.lang, 'zh');
		const texts = run.events.filter(event => event.type === 'log').map(event => event.text as string);
		assert.ok(
			texts.some(text => /^剩余票数\d+$/.test(text)),
			texts.join('\n'),
		);
		assert.ok(
			texts.some(text => /^\d号用户购票成功$/.test(text)),
			texts.join('\n'),
		);
	});
});

/** A rejected command line: exit 2, one line on stderr naming the problem, nothing started. */
function assertUsage(result: CliResult, pattern: RegExp): void {
	const where = `sync-demo ${result.args.join(' ')}`;
	assert.equal(result.code, 2, `${where}: exit 2; stderr: ${result.stderr}`);
	assert.equal(result.stdout, '', `${where}: nothing on stdout, nothing ran`);
	assert.match(result.stderr, /^[^\n]+\n$/, `${where}: one line on stderr: ${JSON.stringify(result.stderr)}`);
	assert.match(result.stderr, pattern, where);
	assertCleanedUp(result, []);
}

describe('bad input exits 2 before anything starts', () => {
	test('each problem is named on one line of stderr', async () => {
		const bad: Array<[string[], RegExp]> = [
			[['tickt'], /unknown (command|scenario) 'tickt'.*ticket/],
			[['no-such-thing'], /unknown (command|scenario) 'no-such-thing'/],
			[['ticket', '--bogus'], /unknown option '--bogus'/],
			[['ticket', '--clients', '0'], /--clients.*positive integer.*"0"/],
			[['ticket', '--clients', '-1'], /--clients.*positive integer.*"-1"/],
			[['ticket', '--clients', '1.5'], /--clients.*positive integer.*"1\.5"/],
			[['ticket', '--clients', 'abc'], /--clients.*positive integer.*"abc"/],
			[['ticket', '--clients', '65'], /too large for --clients: the limit is 64/],
			[['arcade', '--customers', '1000'], /too large for --customers: the limit is 64/],
			[['ticket', '--tickets', '-1'], /--tickets.*"-1"/],
			[['ticket', '--speed', '0'], /--speed must be between 0\.001 and 1000, got "0"/],
			[['ticket', '--speed', '-1'], /--speed must be between 0\.001 and 1000, got "-1"/],
			[['ticket', '--speed', 'fast'], /--speed.*"fast"/],
			[['ticket', '--lang', 'fr'], /--lang.*'fr'.*en, zh/],
			[['ticket', '--fast', '--speed', '2'], /--fast and --speed cannot be combined/],
			[['traffic', '--duration', '3600', '--cars', '20'], /traffic-light .*72001 processes; the limit is 1000/],
			[['pc-v2', '--sentinel-from', 'consumer'], /--sentinel-from.*'consumer'/],
			[['ticket', '--trace', '/no/such/folder/trace.json'], /--trace: folder \/no\/such\/folder does not exist/],
			[['explain', 'tickt'], /unknown scenario "tickt".*ticket/],
			[[], /no scenario given; sync-demo list shows them/],
			[['--fast', '--quiet'], /no scenario given/],
			[['help', 'tickt'], /unknown scenario "tickt".*ticket/],
		];
		const results = await pool(
			4,
			bad.map(
				([args]) =>
					() =>
						cli(args),
			),
		);
		for (const [i, [, pattern]] of bad.entries()) assertUsage(results[i]!, pattern);
	});

	test('with --json the error is one JSON line on stdout', async () => {
		const bad: Array<[string[], RegExp]> = [
			[['tickt'], /tickt.*ticket/],
			[['ticket', '--clients', '0'], /positive integer/],
			[['ticket', '--clients', '65'], /the limit is 64/],
			[['traffic', '--duration', '3600', '--cars', '20'], /the limit is 1000/],
			[['ticket', '--fast', '--speed', '2'], /--fast and --speed/],
		];
		const results = await pool(
			4,
			bad.map(
				([args]) =>
					() =>
						cli([...args, '--json']),
			),
		);
		bad.forEach(([args, pattern], i) => {
			const result = results[i]!;
			assert.equal(result.code, 2, `sync-demo ${args.join(' ')} --json`);
			assertJsonError(result, 'usage', pattern);
			assertCleanedUp(result, []);
		});
	});
});

describe('list, explain, help, version', () => {
	test('list names every scenario', async () => {
		const [table, json] = await Promise.all([cli(['list']), cli(['list', '--json'])]);
		assert.equal(table.code, 0);
		for (const name of SCENARIOS) assert.match(table.stdout, new RegExp(`\\b${name}\\b`), name);
		assert.equal(json.code, 0);
		const listed = JSON.parse(json.stdout) as Array<{name: string; aliases: string[]; primitive: string; group: string; summary: string}>;
		// The tutorial's own, in its order (the lessons beyond it follow: test/more-philosophers.test.ts).
		assert.deepEqual(
			listed.filter(s => s.group === 'tutorial').map(s => s.name),
			SCENARIOS,
		);
		assert.ok(listed.find(s => s.name === 'ticket-grab')!.aliases.includes('ticket'));
	});

	test('explain prints the lesson', async () => {
		const [byAlias, byName] = await Promise.all([cli(['explain', 'ticket']), cli(['explain', 'pc-v0'])]);
		assert.equal(byAlias.code, 0);
		assert.match(byAlias.stdout, /^ticket-grab \(Lock\)/);
		for (const line of byAlias.stdout.split('\n')) assert.ok(line.length <= 80, `within 80 columns: ${line}`);
		// The lesson is wrapped to the terminal: compare it with line breaks as spaces.
		const lesson = byAlias.stdout.replace(/\s+/g, ' ');
		assert.match(lesson, /Without a lock every client reads count 1/);
		assert.match(lesson, /With --lock each client takes the lock before buying/);
		assert.match(byAlias.stdout, /Try: sync-demo ticket-grab --fast/);
		assert.equal(byName.code, 0);
		assert.match(byName.stdout, /^pc-v0 \(Queue\)/);
		assert.match(byName.stdout, /hangs/);
	});

	test('--version and --help', async () => {
		const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
		const [version, help, scenarioHelp] = await Promise.all([cli(['--version']), cli(['--help']), cli(['ticket', '--help'])]);
		assert.equal(version.code, 0);
		assert.equal(version.stdout.trim(), pkg.version);
		assert.equal(help.code, 0);
		assert.match(help.stdout, /Usage: sync-demo/);
		assert.match(help.stdout, /Examples:/);
		assert.match(help.stdout, /\$ sync-demo ticket --lock/);
		for (const name of SCENARIOS) assert.match(help.stdout, new RegExp(`\\b${name}\\b`), name);
		assert.equal(scenarioHelp.code, 0);
		assert.match(scenarioHelp.stdout, /--lock/);
		assert.match(scenarioHelp.stdout, /--clients <n>/);
	});
});

describe('a run leaves nothing behind', () => {
	test('no child is alive and no run folder remains after runs that end, hang, or are stopped', async () => {
		// jsonRun checks ESRCH for every spawned pid and the run folder; these add the ways a run ends
		// without its children ending on their own: a hang (pc-v0), daemons (joinable), a watchdog.
		const runs = await pool(LIMIT, [
			() => jsonRun(['pc-v0', '--fast']),
			() => jsonRun(['joinable', '--fast', '--items', '3']),
			() => jsonRun(['pc-v2', '--speed', '1', '--timeout', '1']),
		]);
		const [hang, daemon, watchdog] = runs;
		assert.equal(hang!.pids.length, 2);
		assert.equal(hang!.summary.verdict.code, 'hang');
		assert.ok(daemon!.events.some(event => event.type === 'exit' && event.proc === 'consumer'));
		assert.equal(watchdog!.summary.verdict.code, 'timeout');
		assert.equal(watchdog!.result.code, 1);
		assert.equal(watchdog!.pids.length, 2);
		assert.ok(fs.existsSync(root));
	});
});
