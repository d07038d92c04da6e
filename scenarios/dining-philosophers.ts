import {Event, Lock, log, Process, Semaphore} from '../src/index.ts';
import type {Env, Facts, Scenario, ScenarioContext} from './kit/scenario.ts';
import {lesson, sleep} from './kit/scenario.ts';

/** Scenario time a philosopher holds the first fork before reaching for the second: long enough that all reach at once. */
const REACH_MS = 2000;
const EAT_MS = 1000;
const THINK_MS = 500;

/**
 * Philosopher `i`: think, pick up two forks, eat, put them down, `meals`
 * times. Without a fix each takes the fork on the left (fork i) first, then
 * the one on the right (fork i+1); `ordered` takes the lower-numbered fork
 * first; with a butler a philosopher sits down only when the butler lets
 * them (a Semaphore of n-1 seats).
 */
export async function dine(i: number, forks: Lock[], meals: number, butler: Semaphore | null, ordered: boolean, go: Event, env: Env): Promise<void> {
	const say = lesson(env, 'dining-philosophers').lines;
	const n = forks.length;
	const left = i;
	const right = (i + 1) % n;
	const [first, second] = ordered && right < left ? [right, left] : [left, right];
	await go.wait();
	for (let meal = 1; meal <= meals; meal++) {
		if (meal > 1) await sleep(env, THINK_MS); // think
		if (butler) await butler.acquire();
		await forks[first]!.acquire();
		log(say.picksUp(i, first === left, first));
		await sleep(env, REACH_MS);
		await forks[second]!.acquire();
		log(say.eats(i, second === left, second, meal), {ate: i, meal});
		await sleep(env, EAT_MS);
		await forks[second]!.release();
		await forks[first]!.release();
		log(say.putsDown(i));
		if (butler) await butler.release();
	}
}

/**
 * From the recorded lock events: who holds which fork at the end, who waits
 * for which, the most holders any fork had at once, and the circle of waits
 * if there is one (philosopher numbers, each waiting for a fork the next holds).
 * The end is the first fork taken back from a process that died or was
 * stopped (the run's stop after a hang does that): what follows is not the table's.
 * Events are taken in the order they happened (their times), not the order
 * they arrived: each philosopher's messages travel on its own channel, so a
 * fork's next holder may be heard from before its last one.
 */
function forksAtEnd(recorded: ScenarioContext['events'], n: number): Facts {
	const end = recorded.findIndex(event => (event.type === 'exit' && event.signal) || (event.type === 'sync' && event.op === 'recovered'));
	// At the same instant a release comes first: the fork was free when taken.
	const events = (end < 0 ? [...recorded] : recorded.slice(0, end)).sort((a, b) => a.t - b.t || Number(isRelease(b)) - Number(isRelease(a)));
	const holder = new Map<number, number>();
	const holders = new Map<number, number>();
	const waitsFor = new Map<number, number>();
	let mostHoldersOfAFork = 0;
	for (const event of events) {
		if (event.type !== 'sync' || event.kind !== 'lock' || !event.target.startsWith('fork-') || !event.proc.startsWith('philosopher-')) continue;
		const fork = Number(event.target.slice('fork-'.length));
		const who = Number(event.proc.slice('philosopher-'.length));
		if (event.op === 'acquire') waitsFor.set(who, fork);
		if (event.op === 'acquired') {
			waitsFor.delete(who);
			holder.set(fork, who);
			holders.set(fork, (holders.get(fork) ?? 0) + 1);
			mostHoldersOfAFork = Math.max(mostHoldersOfAFork, holders.get(fork)!);
		}
		if (event.op === 'release') {
			holder.delete(fork);
			holders.set(fork, Math.max(0, (holders.get(fork) ?? 0) - 1));
		}
	}
	// Follow the waits from each philosopher: back at the start is a circle.
	let circle: number[] = [];
	for (let start = 0; start < n && circle.length === 0; start++) {
		const path: number[] = [];
		let at: number | undefined = start;
		while (at !== undefined && !path.includes(at)) {
			path.push(at);
			const fork = waitsFor.get(at);
			at = fork === undefined ? undefined : holder.get(fork);
		}
		if (at !== undefined) circle = path.slice(path.indexOf(at));
	}
	return {mostHoldersOfAFork, waitCircle: circle};
}

const isRelease = (event: ScenarioContext['events'][number]) => event.type === 'sync' && event.op === 'release';

export const scenario: Scenario = {
	name: 'dining-philosophers',
	aliases: ['philosophers'],
	primitive: 'Lock',
	more: true,
	// Beyond the tutorial: no program of its own to re-tell.
	programs: [],
	options: [
		{kind: 'count', key: 'philosophers', flag: '--philosophers <n>', default: 5, min: 2, max: 32, description: 'philosophers, and forks'},
		{kind: 'count', key: 'meals', flag: '--meals <n>', default: 3, max: 100, description: 'meals each'},
		{
			kind: 'choice',
			key: 'fix',
			flag: '--fix <how>',
			default: 'none',
			choices: ['none', 'ordered', 'butler'],
			description: 'lower-numbered fork first, or a butler seating n-1',
		},
	],
	processes: options => Number(options.philosophers),
	startLine: 'start-line',
	async main(ctx) {
		const n = Number(ctx.options.philosophers);
		const meals = Number(ctx.options.meals);
		const fix = String(ctx.options.fix);
		Object.assign(ctx.facts, {philosophers: n, mealsPlanned: n * meals});
		const forks = Array.from({length: n}, (_, i) => new Lock({name: `fork-${i}`}));
		const butler = fix === 'butler' ? new Semaphore(n - 1, {name: 'butler'}) : null;
		const go = new Event({name: 'start-line'});
		const procs = Array.from(
			{length: n},
			(_, i) =>
				new Process({module: import.meta.url, target: 'dine', args: [i, forks, meals, butler, fix === 'ordered', go, ctx.env], name: `philosopher-${i}`}),
		);
		await Promise.all(procs.map(proc => proc.start()));
		await go.set(); // everyone sits down at once
		for (const proc of procs) await proc.join();
	},
	collect(ctx) {
		const eaten = ctx.events.filter(event => event.type === 'log' && event.data && 'ate' in event.data).length;
		Object.assign(ctx.facts, {mealsEaten: eaten, ...forksAtEnd(ctx.events, Number(ctx.options.philosophers))});
	},
	verdict(facts, options, hang, env) {
		const say = lesson(env, 'dining-philosophers').verdict;
		const fixed = options.fix !== 'none';
		const circle = facts.waitCircle as number[];
		const n = Number(facts.philosophers);
		if (Number(facts.mostHoldersOfAFork) > 1) return {code: 'fork-shared', sentence: say.shared(Number(facts.mostHoldersOfAFork)), broken: true, defect: true};
		if (hang && circle.length > 0) return {code: 'deadlock', sentence: say.deadlock(circle, n), broken: fixed, defect: true, ofHang: true};
		const eaten = Number(facts.mealsEaten);
		const planned = Number(facts.mealsPlanned);
		if (eaten === planned) return {code: 'fed', sentence: fixed ? say.fed(eaten) : say.fedByLuck(eaten), broken: false, defect: false};
		return {code: 'hungry', sentence: say.hungry(eaten, planned), broken: true, defect: true};
	},
};
