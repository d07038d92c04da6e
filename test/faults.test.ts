/**
 * Faults, signals and bad input, across real processes: a lock or permit
 * holder killed mid-run, a JoinableQueue consumer killed with a task, a
 * child that throws, SIGINT / SIGTERM / SIGKILL on the runner, two runs at
 * once, and a fuzz of the CLI's arguments. Every test asserts outcomes
 * (counts, exit statuses, events, which processes are alive, which folders
 * exist), never elapsed time; time bounds are safety nets against hangs.
 *
 * Needs the build (`npx tsc -p .`): the bin runs dist/.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import type {ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import {after, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {Process, Queue, Run, shutdown} from '../src/index.ts';
import type {RunEvent} from '../src/index.ts';
import {compiled} from '../src/run/resolve.ts';
import {random as seededRandom} from '../scenarios/kit/scenario.ts';
import {isRunning, until} from './helpers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'sync-demo.js');
const runner = compiled(new URL('./fixtures/faults-runner.ts', import.meta.url));
const workers = new URL('./fixtures/faults-workers.ts', import.meta.url);
const PREFIX = 'sync-demo-';

// --- helpers ---------------------------------------------------------------

/** Fresh private folders, removed after the file. */
const scratch: string[] = [];
function tempDir(label: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `faults-${label}-`));
	scratch.push(dir);
	return dir;
}
after(() => {
	for (const dir of scratch) fs.rmSync(dir, {recursive: true, force: true});
});

function runDirs(tmp: string): string[] {
	return fs.readdirSync(tmp).filter(name => name.startsWith(PREFIX)).map(name => path.join(tmp, name));
}

type Line = Record<string, unknown> & {type?: string};
interface Summary {
	type: 'summary';
	exitCode: number;
	facts: Record<string, unknown>;
	verdict: {code: string; sentence: string};
	interrupted?: string;
	hang?: string[];
	crashed?: Array<{proc: string; pid: number; code: number; held?: string[]; error?: string}>;
	killed?: Array<{proc: string; pid: number; signal: string; held?: string[]}>;
}

/** A CLI (or fixture runner) process with its JSON lines read as they come. */
class Cli {
	readonly child: ChildProcess;
	readonly lines: Line[] = [];
	stdout = '';
	stderr = '';
	readonly exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
	readonly #watchers = new Set<() => void>();

	constructor(command: string, args: string[], {cwd, tmp, execArgv = []}: {cwd: string; tmp: string; execArgv?: string[]}) {
		this.child = spawn(process.execPath, [...execArgv, command, ...args], {
			cwd, stdio: ['ignore', 'pipe', 'pipe'],
			env: {...process.env, TMPDIR: tmp, NO_COLOR: '1', FORCE_COLOR: '0'},
		});
		const out = readline.createInterface({input: this.child.stdout!, crlfDelay: Infinity});
		out.on('line', text => {
			this.stdout += `${text}\n`;
			try {
				this.lines.push(JSON.parse(text) as Line);
			} catch {}
			this.#notify();
		});
		this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
			this.stderr += chunk;
			this.#notify();
		});
		// The stream's own 'close' too: a test may destroy stdout, and readline then never closes.
		const closed = new Promise<void>(resolve => {
			out.once('close', resolve);
			this.child.stdout!.once('close', resolve);
		});
		this.exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => this.child.once('exit', (code, signal) => resolve({code, signal})))
			.then(async result => {
				await closed;
				return result;
			});
	}

	get pid(): number {
		return this.child.pid!;
	}

	#notify(): void {
		for (const watcher of this.#watchers) watcher();
	}

	/** The first line matching `match` (already seen or still to come); fails if the process ends first. */
	async line(match: (line: Line) => boolean, what: string, bound = 30_000): Promise<Line> {
		return this.#wait(() => this.lines.find(match), what, bound);
	}

	/** Resolves once stderr contains `text`. */
	async stderrHas(text: string, what: string, bound = 30_000): Promise<void> {
		await this.#wait(() => (this.stderr.includes(text) ? true : undefined), what, bound);
	}

	async #wait<T>(probe: () => T | undefined, what: string, bound: number): Promise<T> {
		const found = probe();
		if (found !== undefined) return found;
		return new Promise<T>((resolve, reject) => {
			const stop = (result: () => void) => {
				this.#watchers.delete(watcher);
				clearTimeout(timer);
				result();
			};
			const watcher = () => {
				const value = probe();
				if (value !== undefined) stop(() => resolve(value));
			};
			const timer = setTimeout(() => stop(() => reject(new Error(`gave up waiting for ${what}; stderr: ${this.stderr}`))), bound);
			this.#watchers.add(watcher);
			void this.exited.then(() => {
				const value = probe();
				stop(() => (value !== undefined ? resolve(value) : reject(new Error(`the process ended before ${what}; stderr: ${this.stderr}`))));
			});
		});
	}

	/** Wait for the end (a safety bound kills it and fails). */
	async end(bound = 60_000): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
		const timer = setTimeout(() => this.child.kill('SIGKILL'), bound);
		const result = await this.exited;
		clearTimeout(timer);
		return result;
	}

	get summary(): Summary {
		const summary = this.lines.find(line => line.type === 'summary');
		assert.ok(summary, `a summary line; stderr: ${this.stderr}`);
		return summary as unknown as Summary;
	}

	get spawned(): Array<{proc: string; pid: number}> {
		return this.lines.filter(line => line.type === 'spawn') as unknown as Array<{proc: string; pid: number}>;
	}

	exits(): Array<{proc: string; pid: number; code: number | null; signal: string | null}> {
		return this.lines.filter(line => line.type === 'exit') as unknown as Array<{proc: string; pid: number; code: number | null; signal: string | null}>;
	}

	sync(filter: Record<string, unknown>): Line[] {
		return this.lines.filter(line => line.type === 'sync' && Object.entries(filter).every(([key, value]) => line[key] === value));
	}
}

interface Sandbox {
	cwd: string;
	tmp: string;
}

function sandbox(label: string): Sandbox {
	return {cwd: tempDir(`${label}-cwd`), tmp: tempDir(`${label}-tmp`)};
}

function cli(box: Sandbox, args: string[]): Cli {
	return new Cli(bin, args, box);
}

function fixture(box: Sandbox, mode: string): Cli {
	return new Cli(runner.file, [mode], {...box, execArgv: runner.execArgv});
}

/** A real-speed arcade run (JSON lines), once every customer has started: long enough to interrupt. */
async function runningArcade(box: Sandbox, customers: number): Promise<Cli> {
	const run = cli(box, ['arcade', '--json', '--speed', '1', '--customers', String(customers), '--machines', '2']);
	await until(() => run.spawned.length === customers, 'every customer to start', 30_000);
	return run;
}

/** The fixture runner whose children ignore SIGINT, once they are up. */
async function readyStubborn(box: Sandbox): Promise<Cli> {
	const run = fixture(box, 'stubborn');
	await run.line(line => line.type === 'log' && line.proc === 'main' && line.text === 'ready', 'the stubborn children');
	return run;
}

/** Nothing of the run is left: every spawned child dead, no run folder in its TMPDIR, nothing written to its cwd. */
async function assertClean(box: Sandbox, ...runs: Cli[]): Promise<void> {
	const pids = runs.flatMap(run => run.spawned.map(spawned => spawned.pid));
	assert.ok(pids.length > 0, 'the run started children');
	await until(() => pids.every(pid => !isRunning(pid)), `children ${pids.join(', ')} to end`);
	assert.deepEqual(runDirs(box.tmp), [], 'no sync-demo-* folder left');
	assert.deepEqual(fs.readdirSync(box.cwd), [], 'nothing written to the working directory');
}

// --- 1. killed holders -----------------------------------------------------

describe('a process killed while it holds something', () => {
	test('ticket --lock: the lock of a SIGKILLed holder is recovered, the others go on, nothing is oversold', async () => {
		const box = sandbox('lock');
		const run = cli(box, ['ticket', '--lock', '--json', '--speed', '1', '--clients', '3', '--tickets', '1']);
		// Held for 1.5 s at speed 1: read latency, then write latency.
		const acquired = await run.line(line => line.type === 'sync' && line.op === 'acquired' && line.target === 'db-lock', 'the first acquired');
		const victim = {pid: Number(acquired.pid), proc: String(acquired.proc)};
		process.kill(victim.pid, 'SIGKILL');
		const {code} = await run.end();
		const summary = run.summary;

		const recovered = run.sync({op: 'recovered', kind: 'lock', target: 'db-lock'});
		assert.equal(recovered.length, 1, 'one recovery');
		assert.equal(recovered[0]!.deadPid, victim.pid);
		assert.equal(recovered[0]!.deadProc, victim.proc);
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
		assert.ok(others.every(exit => exit.code === 0), 'every other client exits 0');
		assert.ok(run.sync({op: 'acquired', target: 'db-lock'}).some(line => line.pid !== victim.pid), 'another client took the lock');
		await assertClean(box, run);
	});

	test('arcade: the permit of a SIGKILLed player is recovered, never more players than machines, the others all play', async () => {
		const box = sandbox('permit');
		const customers = 6;
		const machines = 2;
		const run = cli(box, ['arcade', '--json', '--speed', '2', '--customers', String(customers), '--machines', String(machines)]);
		const acquired = await run.line(line => line.type === 'sync' && line.op === 'acquired' && line.kind === 'semaphore', 'the first permit');
		const victim = {pid: Number(acquired.pid), proc: String(acquired.proc)};
		process.kill(victim.pid, 'SIGKILL');
		const {code} = await run.end();
		const summary = run.summary;

		const recovered = run.sync({op: 'recovered', kind: 'semaphore', target: 'machines'});
		assert.equal(recovered.length, 1);
		assert.equal(recovered[0]!.deadPid, victim.pid);
		assert.equal(recovered[0]!.deadProc, victim.proc);
		assert.equal(recovered[0]!.permits, 1);
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

	test('JoinableQueue: a consumer killed after get() leaves its task abandoned; main\'s join() fails at once with Abandoned and the run ends', async () => {
		const box = sandbox('abandon');
		const run = fixture(box, 'abandon');
		const holding = await run.line(line => line.type === 'log' && line.proc === 'consumer' && String(line.text).startsWith('holding'), 'the consumer to hold a task');
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
		assert.deepEqual(summary.crashed, [{proc: 'main', pid: run.pid, code: 1, error: `join() on queue q cannot finish: consumer (pid ${pid}) died holding 1 unfinished task(s)`}]);
		assert.deepEqual(summary.killed, [{proc: 'consumer', pid, signal: 'SIGKILL', held: ['1 unfinished task(s) of queue q']}]);
		assert.equal(code, 1);
		await assertClean(box, run);
	});
});

// --- 2. signals on the runner --------------------------------------------------

describe('SIGINT and SIGTERM on the runner', () => {
	for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
		test(`${signal}: says so on stderr, forwards it, removes the folder, prints the partial summary, exits ${status}`, async () => {
			const box = sandbox(signal.toLowerCase());
			const customers = 4;
			const run = await runningArcade(box, customers);
			await run.line(line => line.type === 'sync' && line.op === 'acquired', 'a customer to play');
			assert.equal(runDirs(box.tmp).length, 1, 'the run has its folder');
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
			assert.ok(exits.some(exit => exit.signal === signal), `some child ended by the forwarded ${signal}`);
			assert.ok(exits.every(exit => exit.signal === signal || exit.code === 0), JSON.stringify(exits));
			assert.equal(run.stderr.trim().split('\n').length, 1, `one line on stderr: ${run.stderr}`);
			await assertClean(box, run);
		});
	}

	test('stdout closed by its reader (sync-demo … | head): the run stops quietly, exits 141, leaves nothing', async () => {
		const box = sandbox('epipe');
		const customers = 4;
		const run = await runningArcade(box, customers);
		run.child.stdout!.destroy();
		const {code} = await run.end();
		assert.equal(code, 141);
		assert.equal(run.stderr, '', 'nothing on stderr');
		await assertClean(box, run);
	});

	test('children that ignore the signal are SIGKILLed after the grace period', async () => {
		const box = sandbox('straggler');
		const run = await readyStubborn(box);
		process.kill(run.pid, 'SIGINT');
		const {code} = await run.end();
		assert.equal(code, 130);
		assert.equal(run.summary.interrupted, 'SIGINT');
		const exits = run.exits();
		assert.equal(exits.length, 2);
		assert.ok(exits.every(exit => exit.signal === 'SIGKILL'), JSON.stringify(exits));
		assert.equal(run.summary.killed, undefined);
		await assertClean(box, run);
	});

	test('a second SIGINT kills at once', async () => {
		const box = sandbox('twice');
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

// --- 3. runner killed with SIGKILL --------------------------------------------

test('runner SIGKILLed: every child notices and exits; the next run sweeps the stale folder', async () => {
	const box = sandbox('orphans');
	const customers = 4;
	const run = await runningArcade(box, customers);
	await run.line(line => line.type === 'sync' && line.op === 'acquired', 'a customer to play');
	const pids = run.spawned.map(spawned => spawned.pid);
	const stale = runDirs(box.tmp);
	assert.equal(stale.length, 1);
	process.kill(run.pid, 'SIGKILL');
	await run.end();
	// IPC channel closed → each child exits (about at once; the bound is a safety net).
	await until(() => pids.every(pid => !isRunning(pid)), 'every orphan to exit');
	assert.ok(fs.existsSync(stale[0]!), 'the killed runner could not clean up');

	const next = cli(box, ['ticket', '--lock', '--fast', '--json']);
	const {code} = await next.end();
	assert.equal(code, 0, next.stderr);
	assert.equal(next.summary.facts.sold, 1);
	assert.equal(fs.existsSync(stale[0]!), false, 'the stale folder was swept');
	await assertClean(box, next);
});

// --- 4. a child that throws ---------------------------------------------------

test('a child that throws: its stack under its name, its exit code in the summary, the others not left waiting, exit 1', async () => {
	const box = sandbox('throw');
	const run = fixture(box, 'throw');
	const {code} = await run.end();
	assert.equal(code, 1);
	const summary = run.summary;
	const producer = run.spawned.find(spawned => spawned.proc === 'producer')!;
	const stderrLines = run.lines.filter(line => line.type === 'log' && line.proc === 'producer' && line.stream === 'stderr').map(line => String(line.text));
	assert.ok(stderrLines.some(text => text.includes('Error: boom: the producer failed on purpose')), stderrLines.join('\n'));
	assert.ok(stderrLines.some(text => text.startsWith('    at ')), 'the stack follows');
	assert.deepEqual(summary.crashed, [{proc: 'producer', pid: producer.pid, code: 1}]);
	assert.equal(run.exits().find(exit => exit.proc === 'producer')?.code, 1);
	// The consumer waited for items that will never come: the hang is detected and the run ends.
	assert.equal(summary.verdict.code, 'hang');
	assert.ok(summary.hang?.some(line => line.startsWith('consumer') && line.includes('queue.get()')), summary.hang?.join('\n'));
	await assertClean(box, run);
});

// --- 5. isolation ----------------------------------------------------------------

test('two runs at once in the same directory: private 0700 folders, neither sees the other, nothing written to the cwd', async () => {
	const box = sandbox('isolation');
	const args = ['ticket', '--lock', '--json', '--speed', '2', '--clients', '3', '--tickets', '1'];
	const runs = [cli(box, args), cli(box, args)];
	await Promise.all(runs.map(run => run.line(line => line.type === 'sync' && line.op === 'acquired', 'a client holding the lock')));
	const dirs = runDirs(box.tmp);
	assert.equal(dirs.length, 2, 'one folder per run');
	const owners = dirs.map(dir => {
		assert.equal(fs.statSync(dir).mode & 0o777, 0o700, `${dir} is private`);
		return Number(fs.readFileSync(path.join(dir, 'run.owner'), 'utf8').split(' ')[0]);
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

// --- 6. bad input ------------------------------------------------------------------


test('fuzz: a few hundred random argument vectors end with 0, 1 or 2; usage errors are one line without a stack', async t => {
	const seed = Number(process.env.FUZZ_SEED ?? 20_251_128);
	const cases = Number(process.env.FUZZ_CASES ?? 200);
	// Keeps the test near two minutes on a loaded machine: past it, no new vector starts (reported, not failed).
	const budgetMs = Number(process.env.FUZZ_BUDGET_MS ?? 100_000);
	const started = Date.now();
	const random = seededRandom({speed: 1, seed, lang: 'en'}, 'fuzz');
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const commands = ['print-race', 'print', 'ticket-grab', 'ticket', 'arcade-semaphore', 'arcade', 'semaphore', 'event-basics', 'event',
		'traffic-light', 'traffic', 'queue-basics', 'queue', 'queue-message', 'message', 'queue-safety', 'safety', 'pc-v0', 'pc-hang',
		'pc-v1', 'pc-exception', 'pc-v2', 'pc-sentinel', 'pc-v3', 'pc-multi', 'joinable', 'pc-joinable', 'list', 'explain', 'help',
		'ticke', 'arcde', 'ALL', 'run', '', '-', '--', '--help', '-h', '--version', '-V', 'tickets', '💥', 'pc-v9'];
	const counts = ['--clients', '--tickets', '--machines', '--customers', '--items', '--producers', '--consumers', '--workers',
		'--getters', '--putters', '--maxsize', '--cars'];
	const numbers = ['--duration', '--green', '--red'];
	const goodCount = ['0', '1', '2', '3', '5'];
	const goodNumber = ['0.5', '1', '2'];
	// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal '${HOME}' is one of the bad values
	const bad = ['-1', 'abc', '', ' ', '1.5', '1e3', '0x10', 'NaN', 'Infinity', '99999999999999999999', '65', '1001', '--json', '-0', '٣', '%s', '${HOME}', '\'"'];
	const flags = ['--lock', '--json', '--strict', '--no-color', '--timeline', '--quiet', '--fast'];
	const junk = ['--nope', '-x', '-lock', '--lock=yes', '--clients=2', '--seed', '--seed=7', '--lang', 'zh', 'en', 'xx', '--speed', '2', '--trace', 'trace.json',
		'missing/dir/trace.json', 'extra', '--sentinel-from', 'main', 'producer', 'nobody', '-', '--', 'ä', '\t', '🙂', 'a'.repeat(300)];
	const vectors: string[][] = [];
	for (let i = 0; i < cases; i++) {
		const args: string[] = [];
		const head = pick(commands);
		if (head !== '' || random() < 0.5) args.push(head);
		if (head === 'explain') args.push(pick([...commands, 'nope']));
		const extra = Math.floor(random() * 5);
		for (let j = 0; j < extra; j++) {
			const r = random();
			if (r < 0.3) args.push(pick(counts), random() < 0.6 ? pick(goodCount) : pick(bad));
			else if (r < 0.4) args.push(pick(numbers), random() < 0.6 ? pick(goodNumber) : pick(bad));
			else if (r < 0.6) args.push(pick(flags));
			else if (r < 0.7) args.push('--seed', random() < 0.5 ? String(Math.floor(random() * 1000)) : pick(bad));
			else args.push(pick(junk));
		}
		// Never a long run: fast, quiet, a watchdog, and counts capped above.
		vectors.push([...args, '--fast', '--quiet', '--timeout', '2']);
	}

	const box = sandbox('fuzz');
	const failures: string[] = [];
	const seen = new Map<number, number>();
	let next = 0;
	const check = async (args: string[]): Promise<string[]> => {
		const found: string[] = [];
		const run = cli(box, args);
		const {code, signal} = await run.end(60_000);
		const shown = JSON.stringify(args);
		seen.set(code ?? -1, (seen.get(code ?? -1) ?? 0) + 1);
		if (code === null || ![0, 1, 2].includes(code)) found.push(`${shown}: exit ${code} ${signal ?? ''} ${run.stderr}`);
		if (run.stderr.includes('    at ')) found.push(`${shown}: stack trace on stderr: ${JSON.stringify(run.stderr)}`);
		if (code === 2) {
			const lines = run.stderr.split('\n').filter(line => line !== '');
			const json = args.includes('--json');
			if (json ? lines.length > 0 : lines.length !== 1) found.push(`${shown}: usage error should be one line on stderr${json ? ' (none with --json)' : ''}: ${JSON.stringify(run.stderr)}`);
			if (json && !run.lines.some(line => (line.error as {code?: string} | undefined)?.code === 'usage')) found.push(`${shown}: --json usage error should be a JSON line`);
		}
		for (const spawned of run.spawned) if (isRunning(spawned.pid)) await until(() => !isRunning(spawned.pid), `${shown}: child ${spawned.pid} to end`);
		return found;
	};
	const worker = async (): Promise<void> => {
		while (next < vectors.length && Date.now() - started < budgetMs) {
			const args = vectors[next++]!;
			const found = await check(args);
			if (found.length === 0) continue;
			// Once more before reporting: a build running meanwhile (npm test's pretest) rewrites dist/ under the bin.
			t.diagnostic(`retrying after: ${found.join('; ')}`);
			failures.push(...await check(args));
		}
	};
	await Promise.all(Array.from({length: 4}, worker));
	t.diagnostic(`seed ${seed}: ${next} of ${vectors.length} vectors run; exit statuses ${JSON.stringify(Object.fromEntries(seen))}`);
	for (const failure of failures) t.diagnostic(failure);
	assert.deepEqual(failures, [], `seed ${seed}`);
	assert.ok((seen.get(2) ?? 0) > 0 && ((seen.get(0) ?? 0) + (seen.get(1) ?? 0)) > 0, `both usage errors and runs: ${JSON.stringify([...seen])}`);
	// Only --trace <file> may write to the cwd (whatever came after it: commander takes the next word as its value).
	const traced = new Set(vectors.flatMap(args => args.flatMap((arg, i) => (arg === '--trace' ? [args[i + 1]] : []))));
	assert.deepEqual(fs.readdirSync(box.cwd).filter(name => !traced.has(name)), []);
	assert.deepEqual(runDirs(box.tmp), [], 'no run folder left');
});

// --- 6b. unserializable queue items (library level) -----------------------------

test('an item that cannot be copied fails put() in its own process with a clear TypeError; the queue stays usable', async () => {
	const run = Run.current();
	const events: RunEvent[] = [];
	run.on(event => events.push(event));
	try {
		const queue = new Queue({name: 'items'});
		const results = new Queue({name: 'results'});
		await assert.rejects(queue.put(() => 1), (error: Error) => error instanceof TypeError && /cannot put a function .* into queue items: it cannot be copied/.test(error.message));
		const child = new Process({module: workers, target: 'putUnserializable', args: [queue, results], name: 'putter'});
		await child.start();
		const reports = [await results.get({timeout: 20_000}), await results.get({timeout: 20_000}), await results.get({timeout: 20_000})] as Array<{ok: boolean; name: string; message: string; isTypeError: boolean}>;
		assert.ok(reports.every(report => !report.ok && report.isTypeError && report.name === 'TypeError'), JSON.stringify(reports));
		assert.match(reports[0]!.message, /cannot put a function .* into queue items/);
		assert.match(reports[1]!.message, /cannot put a symbol/);
		assert.match(reports[2]!.message, /cannot put a value of type object .*cannot be copied to another process/);
		assert.equal(await queue.get({timeout: 20_000}), 'still usable');
		assert.equal(await child.join({timeout: 20_000}), 0, 'the putter handled the errors and ended normally');
		assert.equal(await queue.qsize(), 0, 'nothing bad reached the queue');
	} finally {
		await shutdown({graceMs: 5000});
	}
	assert.equal(fs.existsSync(run.dir), false);
	const pids = events.filter(event => event.type === 'spawn').map(event => event.pid);
	assert.ok(pids.length > 0);
	await until(() => pids.every(pid => !isRunning(pid)), 'the putter to end');
});
