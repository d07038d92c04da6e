/**
 * What a scenario is, and what its processes get to work with. Scenarios
 * import this and the library, never commander, chalk or cli-table3.
 */

import type {Catalogue, Lang, ScenarioName} from '../../src/lang/index.ts';
import {texts} from '../../src/lang/index.ts';
import {log} from '../../src/primitives/log.ts';
import {MAX_TIMER_MS} from '../../src/primitives/timeout.ts';
import type {Run, RunEvent} from '../../src/run/run.ts';

export type {Lang, ScenarioName};

export type OptionSpec =
	| {kind: 'count'; key: string; flag: string; default: number; max: number; min?: number; description: string}
	| {kind: 'number'; key: string; flag: string; default: number; max: number; description: string}
	| {kind: 'flag'; key: string; flag: string; description: string}
	| {kind: 'choice'; key: string; flag: string; default: string; choices: readonly string[]; description: string};

export type Options = Record<string, number | string | boolean>;

/** How a run's clock and dice behave; every process of the run gets a copy. */
export interface Env {
	/** 1 = the tutorial's delays; 10 = ten times faster. */
	speed: number;
	seed: number;
	lang: Lang;
}

/** The facts a run recorded; verdicts are computed from these alone. */
export type Facts = Record<string, number | string | boolean | number[] | null>;

export interface Verdict {
	/** Stable code, e.g. `oversold`, `safe`, `hang`, `lost-items`. */
	code: string;
	sentence: string;
	/** The run broke what its mode promises (exit 1). */
	broken: boolean;
	/** The run shows a defect (oversold, hang, lost items, interleaving): exit 1 under `--strict`. */
	defect: boolean;
	/** The verdict names what the run's hang was (a deadlock, say): the runner keeps it rather than its own `hang`. */
	ofHang?: boolean;
}

export interface ScenarioContext {
	run: Run;
	env: Env;
	options: Options;
	/** Facts recorded so far; kept up to date so an interrupted run still reports them. */
	facts: Facts;
	/** Print a line as the main process. */
	log(text: string): void;
	/** Print a line of sync-demo's own as the main process (see `note()`). */
	note(text: string): void;
	/** Sleep `ms` of scenario time. */
	sleep(ms: number): Promise<void>;
	/** Every event recorded so far (sync operations, log lines, spawns, exits). */
	events: readonly RunEvent[];
}

/**
 * A lesson. What it says — its line in `list`, its points for `explain`, the
 * lines its processes print, its verdicts — is in the catalogue
 * (src/lang), under its name.
 */
export interface Scenario {
	name: string;
	aliases: string[];
	/** Which primitive the lesson is about. */
	primitive: string;
	/** A lesson beyond the tutorial's 13 (the rest of the toolbox): `list` shows it in a group after them. */
	more?: boolean;
	options: OptionSpec[];
	/**
	 * The tutorial's programs this scenario re-tells, files of scenarios/python/
	 * (the project's copies, each naming its source), shown by `explain --code`.
	 */
	programs: string[];
	/** The Event main sets once every process is started, so they all begin together (not the lesson: the output says so). */
	startLine?: string;
	/**
	 * Primitives (`kind name`, e.g. `rlock counter.lock`) whose steps are too
	 * many to print one a line: the text output leaves them out (and the
	 * scenario says so); the timeline, the trace and --json keep them.
	 */
	unprinted?: readonly string[];
	/** What is wrong with these options together, if anything (bad usage, exit 2, before anything starts). */
	check?(options: Options): string | null;
	/** Most processes one run may start with these options (checked before anything starts). */
	processes(options: Options): number;
	/** Run the story in the main process; fill `ctx.facts` as it goes. */
	main(ctx: ScenarioContext): Promise<void>;
	/** Complete `ctx.facts` from the recorded events; runs after `main`, also when a hang or interrupt cut it short. */
	collect?(ctx: ScenarioContext): void;
	/** What the facts show, said in `env.lang`. `hang` is decided by the runner, which passes who was blocked. */
	verdict(facts: Facts, options: Options, hang: string | null, env: Env): Verdict;
}

/** Longest delay a Node timer takes; a longer one overflows and fires after 1 ms. */
export {MAX_TIMER_MS};

/** Real milliseconds for `ms` of scenario time: every delay scaled by `--speed` goes through here, so no timer overflows. */
export function realDelay(env: Env, ms: number): number {
	const real = ms / env.speed;
	return Number.isNaN(real) ? 0 : Math.min(MAX_TIMER_MS, Math.max(0, real));
}

/** Sleep `ms` of scenario time, i.e. `ms / speed` of real time. */
export function sleep(env: Env, ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, realDelay(env, ms)));
}

/** A seeded generator (mulberry32) per process, so `--seed` replays every random delay. */
export function random(env: Env, stream: string): () => number {
	let state = env.seed >>> 0;
	for (const char of stream) state = Math.imul(state ^ char.charCodeAt(0), 0x9e3779b1) >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** What the scenario `name` says, in the run's language. */
export function lesson<N extends ScenarioName>(env: Env, name: N): Catalogue['scenarios'][N] {
	return texts(env.lang).scenarios[name];
}

/** What the CLI says in the run's language. */
export function tool(env: Env): Catalogue['tool'] {
	return texts(env.lang).tool;
}

/**
 * Print a line that is not the tutorial program's but sync-demo's own (what
 * happened, in real run time): the output marks it as such.
 */
export function note(text: string, data?: Record<string, unknown>): void {
	log(text, {...data, note: true});
}
