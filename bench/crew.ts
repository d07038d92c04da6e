/**
 * The main-process side the twins share: starting N workers that each say
 * "ready", the "go" → last "done" phase the counter twins time, and the
 * latency twins' ping-pong loop. Apart from common.ts because it loads the
 * library, which bench/run.ts (a user's clone has no dist/src) must not.
 */
import {Event, Process, Queue} from '../src/index.ts';
import {nowS, report, round} from './common.ts';

/** `count` processes (not started) running `target` from `module` with `args`, named `${prefix}-0`, `${prefix}-1`, … */
export function spawnWorkers(module: URL, target: string, count: number, args: unknown[], prefix = 'worker'): Process[] {
	return Array.from({length: count}, (_, i) => new Process({module, target, name: `${prefix}-${i}`, args}));
}

/** Start every process, then take one "ready" from each off `ready`. */
export async function startReady(processes: readonly Process[], ready: Queue): Promise<void> {
	for (const proc of processes) await proc.start();
	for (let i = 0; i < processes.length; i++) await ready.get();
}

/** What `goDone` measured and collected. */
export interface GoDone<T> {
	/** From "go" to the last "done". */
	seconds: number;
	/** From the first start to every worker joined. */
	wallSeconds: number;
	/** What the workers put on "done", in the order it came. */
	done: T[];
	codes: Array<number | null>;
}

/**
 * `count` workers run `target(...args, ready, go, done)`: all are started
 * and ready before "go" is set, and the clock runs until the last "done";
 * then they are joined.
 */
export async function goDone<T = unknown>(module: URL, target: string, count: number, args: unknown[], prefix?: string): Promise<GoDone<T>> {
	const ready = new Queue({name: 'ready'});
	const go = new Event({name: 'go'});
	const done = new Queue<T>({name: 'done'});
	const workers = spawnWorkers(module, target, count, [...args, ready, go, done], prefix);
	const tWall = nowS();
	await startReady(workers, ready);
	const t0 = nowS();
	await go.set();
	const got: T[] = [];
	for (let i = 0; i < count; i++) got.push(await done.get());
	const t1 = nowS();
	const codes = await Promise.all(workers.map(worker => worker.join()));
	return {seconds: t1 - t0, wallSeconds: nowS() - tWall, done: got, codes};
}

/**
 * `warmup` untimed round trips, then `rounds` timed ones; `trip(i)` makes
 * one and says whether it came back right. Returns the timed round-trip
 * times (seconds) and how many trips of all came back right.
 */
export async function pingPong(warmup: number, rounds: number, trip: (i: number) => Promise<boolean>): Promise<{rtts: number[]; right: number}> {
	const rtts: number[] = [];
	let right = 0;
	for (let i = 0; i < warmup + rounds; i++) {
		const t = nowS();
		if (await trip(i)) right++;
		if (i >= warmup) rtts.push(nowS() - t);
	}
	return {rtts, right};
}

/**
 * The counter twins' record: `procs` × `ops` increments timed by `goDone`
 * left the counter at `final`, which must be exactly their number (at most
 * it, when the twin races on purpose) and every worker must exit 0.
 */
export function reportCount(
	bench: string,
	impl: string,
	{procs, ops, final, exact}: {procs: number; ops: number; final: number; exact: boolean},
	run: GoDone<unknown>,
): void {
	const expected = procs * ops;
	report({
		bench,
		impl,
		procs,
		ops: expected,
		seconds: round(run.seconds, 4),
		ops_per_s: round(expected / run.seconds, 1),
		final,
		lost: expected - final,
		correct: (exact ? final === expected : final <= expected) && run.codes.every(code => code === 0),
		wall_seconds_incl_spawn: round(run.wallSeconds, 4),
	});
}
