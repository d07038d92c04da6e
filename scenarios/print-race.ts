import {Event, Lock, log, Process} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, random, sleep} from './kit/scenario.ts';

/** The random sleep of worker `n` (Python's random.random() seconds), in scenario milliseconds. */
const sleepOf = (env: Env, n: number) => random(env, `work-${n}`)() * 1000;

export async function work(n: number, lock: Lock | null, start: Event, env: Env): Promise<void> {
	const delay = sleepOf(env, n);
	const say = lesson(env, 'print-race').lines;
	const body = async () => {
		log(say.running(n, process.pid));
		await sleep(env, delay);
		log(say.done(n, process.pid));
	};
	await start.wait();
	if (lock) await lock.withLock(body);
	else await body();
}

export const scenario: Scenario = {
	name: 'print-race',
	aliases: ['print'],
	primitive: 'Lock',
	programs: ['print-race.py', 'print-race-lock.py'],
	options: [
		{kind: 'flag', key: 'lock', flag: '--lock', description: "hold a lock around each process's two lines"},
		{kind: 'count', key: 'workers', flag: '--workers <n>', default: 5, max: 64, description: 'processes'},
	],
	processes: options => Number(options.workers),
	startLine: 'start-line',
	async main(ctx) {
		const workers = Number(ctx.options.workers);
		const lock = ctx.options.lock ? new Lock({name: 'print-lock'}) : null;
		const start = new Event({name: 'start-line'});
		ctx.facts.workers = workers;
		const procs = Array.from(
			{length: workers},
			(_, n) => new Process({module: import.meta.url, target: 'work', args: [n, lock, start, ctx.env], name: `worker-${n}`}),
		);
		await Promise.all(procs.map(proc => proc.start()));
		// All start together, as the tutorial's five forks (a millisecond apart in Python) do.
		await start.set();
		for (const proc of procs) await proc.join();
	},
	// From the recorded lines, so a run cut short still counts the pairs so far.
	collect(ctx) {
		// In the order the lines were written (each process's own clock time, one clock on one machine): each
		// process's lines reach main on its own channel, so arrival order can show a lock's next holder first.
		const lines = ctx.events.filter(event => event.type === 'log' && event.proc.startsWith('worker-')).sort((a, b) => a.t - b.t);
		const names = new Set(lines.map(event => event.proc));
		// A pair is interleaved when another worker printed between its two lines.
		let interleaved = 0;
		for (const name of names) {
			const first = lines.findIndex(event => event.proc === name);
			const last = lines.findLastIndex(event => event.proc === name);
			if (lines.slice(first, last + 1).some(event => event.proc !== name)) interleaved++;
		}
		// How many were between their two lines at once, in the order the lines came out.
		let running = 0;
		let mostRunningAtOnce = 0;
		const seen = new Set<string>();
		for (const event of lines) {
			running += seen.has(event.proc) ? -1 : 1;
			seen.add(event.proc);
			mostRunningAtOnce = Math.max(mostRunningAtOnce, running);
		}
		const starts = [...names].map(name => lines.find(event => event.proc === name)!.t);
		const pairs = ctx.events.filter(event => event.type === 'exit' && event.proc.startsWith('worker-') && event.code === 0).length;
		const longestSleep = Math.max(0, ...Array.from({length: Number(ctx.options.workers)}, (_, n) => sleepOf(ctx.env, n) / ctx.env.speed));
		Object.assign(ctx.facts, {
			pairs,
			interleaved,
			mostRunningAtOnce,
			longestSleepMs: Math.round(longestSleep * 10) / 10,
			startSpreadMs: starts.length > 0 ? Math.round((Math.max(...starts) - Math.min(...starts)) * 10) / 10 : 0,
		});
	},
	verdict(facts, options, _hang, env) {
		const say = lesson(env, 'print-race').verdict;
		const interleaved = Number(facts.interleaved);
		const workers = Number(facts.workers);
		if (interleaved > 0) return {code: 'interleaved', sentence: say.interleaved(interleaved, workers), broken: Boolean(options.lock), defect: true};
		if (options.lock) return {code: 'serialized', sentence: say.serialized(workers), broken: false, defect: false};
		// Without the lock each worker was done before the next began: the race had no chance (start-up, a high --speed).
		return {
			code: 'serialized',
			sentence: say.notShown(workers, Number(facts.longestSleepMs), env.speed, Number(facts.startSpreadMs)),
			broken: false,
			defect: false,
		};
	},
};
