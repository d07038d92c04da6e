/**
 * A process a test started (the CLI, a fixture program), its output read as
 * it comes: stdout and stderr as text, stdout's JSON lines parsed. A wait
 * fails if the process ends first; bounds are safety nets against hangs,
 * never timing assertions.
 */
import assert from 'node:assert/strict';
import type {ChildProcess} from 'node:child_process';
import {spawn} from 'node:child_process';
import {bin, root} from './paths.ts';

export type Line = Record<string, any>;

/** What a process's run ended with, as the CLI helpers check it. */
export interface CliResult {
	args: string[];
	/** The process's own pid (node runs the bin directly). */
	pid: number;
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** A `--json` summary line, as far as the fault tests read it. */
export interface Summary {
	type: 'summary';
	exitCode: number;
	facts: Record<string, unknown>;
	verdict: {code: string; sentence: string};
	interrupted?: string;
	hang?: string[];
	crashed?: Array<{proc: string; pid: number; code: number; held?: string[]; error?: string}>;
	killed?: Array<{proc: string; pid: number; signal: string; held?: string[]}>;
}

export interface WatchOptions {
	cwd?: string;
	/** Added to the environment (colour is off by default); an undefined value removes a variable. */
	env?: Record<string, string | undefined>;
	/** stdout piped here (the default), or to this file descriptor. */
	stdout?: 'pipe' | number;
	/** What `end()` reports as the arguments (the CLI's, without the bin). */
	args?: string[];
}

type Ended = {code: number | null; signal: NodeJS.Signals | null};

/** English and 80 columns unless a test says otherwise, whatever the locale and terminal of the machine running the tests. */
const ENGLISH = {SYNC_DEMO_LANG: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'C.UTF-8', COLUMNS: undefined};

export class Watched {
	readonly child: ChildProcess;
	readonly args: string[];
	stdout = '';
	stderr = '';
	/** stdout's complete lines that are JSON objects, in order. */
	readonly lines: Line[] = [];
	/** Set when the process has exited (its output may still be arriving). */
	exit: Ended | undefined;
	/** Resolves once the process has exited and its output is complete. */
	readonly closed: Promise<Ended>;
	/** Set when `end()`'s safety bound killed the process. */
	timedOut = false;
	readonly #watchers = new Set<() => void>();
	#partial = '';
	/** The output is complete: a wait still pending fails. */
	#over = false;

	/** Runs `command <argv>`. */
	constructor(command: string, argv: string[], {cwd = root, env = {}, stdout = 'pipe', args = argv}: WatchOptions = {}) {
		this.args = args;
		this.child = spawn(command, argv, {cwd, stdio: ['ignore', stdout, 'pipe'], env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...ENGLISH, ...env}});
		this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
			this.stdout += chunk;
			const texts = (this.#partial + chunk).split('\n');
			this.#partial = texts.pop()!;
			for (const text of texts) {
				try {
					const line: unknown = JSON.parse(text);
					if (typeof line === 'object' && line !== null) this.lines.push(line as Line);
				} catch {}
			}
			this.#notify();
		});
		this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
			this.stderr += chunk;
			this.#notify();
		});
		this.child.once('exit', (code, signal) => (this.exit = {code, signal}));
		this.closed = new Promise<Ended>((resolve, reject) => {
			this.child.once('error', reject);
			this.child.once('close', (code, signal) => resolve({code, signal}));
		});
		const over = () => {
			this.#over = true;
			this.#notify();
		};
		this.closed.then(over, over);
	}

	get pid(): number {
		return this.child.pid!;
	}

	#notify(): void {
		for (const watcher of this.#watchers) watcher();
	}

	/** The first JSON line matching `match` (already seen or still to come). */
	line(match: (line: Line) => boolean, what: string, bound = 30_000): Promise<Line> {
		return this.#wait(() => this.lines.find(match), what, bound);
	}

	/** Resolves once `check()` holds. */
	async waitFor(check: () => boolean, what: string, bound = 30_000): Promise<void> {
		await this.#wait(() => (check() ? true : undefined), what, bound);
	}

	/** Resolves once stderr contains `text`. */
	async stderrHas(text: string, what: string, bound = 30_000): Promise<void> {
		await this.waitFor(() => this.stderr.includes(text), what, bound);
	}

	#wait<T>(probe: () => T | undefined, what: string, bound: number): Promise<T> {
		const found = probe();
		if (found !== undefined) return Promise.resolve(found);
		let done = false;
		return new Promise<T>((resolve, reject) => {
			const stop = (result: () => void) => {
				done = true;
				this.#watchers.delete(watcher);
				clearTimeout(timer);
				result();
			};
			const watcher = () => {
				if (done) return;
				const value = probe();
				if (value !== undefined) stop(() => resolve(value));
				else if (this.#over) stop(() => reject(new Error(`${what}: the process ended first; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`)));
			};
			const timer = setTimeout(() => stop(() => reject(new Error(`gave up waiting for ${what}; stderr: ${this.stderr}`))), bound);
			this.#watchers.add(watcher);
			watcher();
		});
	}

	/** Wait for the end and the last of the output; past `bound` the process is SIGKILLed and `timedOut` set. */
	async end(bound = 60_000): Promise<CliResult> {
		const timer = setTimeout(() => {
			this.timedOut = true;
			this.child.kill('SIGKILL');
		}, bound);
		const {code, signal} = await this.closed;
		clearTimeout(timer);
		return {args: this.args, pid: this.pid, code, signal, stdout: this.stdout, stderr: this.stderr};
	}

	/** The summary line (asserted present). */
	get summary(): Summary {
		const summary = this.lines.find(line => line.type === 'summary');
		assert.ok(summary, `a summary line; stderr: ${this.stderr}`);
		return summary as Summary;
	}

	/** The `spawn` lines so far: one per child. */
	get spawned(): Array<{proc: string; pid: number}> {
		return this.lines.filter(line => line.type === 'spawn') as Array<{proc: string; pid: number}>;
	}

	exits(): Array<{proc: string; pid: number; code: number | null; signal: string | null}> {
		return this.lines.filter(line => line.type === 'exit') as Array<{proc: string; pid: number; code: number | null; signal: string | null}>;
	}

	/** The `sync` lines whose fields match `filter`. */
	sync(filter: Record<string, unknown>): Line[] {
		return this.lines.filter(line => line.type === 'sync' && Object.entries(filter).every(([key, value]) => line[key] === value));
	}
}

/** The CLI, as users run it: `node bin/sync-demo.js <args>`. */
export function startCli(args: string[], options: Omit<WatchOptions, 'args'> = {}): Watched {
	return new Watched(process.execPath, [bin, ...args], {...options, args});
}
