import {Barrier, BrokenBarrierError, Event, log, Process} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, random, sleep} from './kit/scenario.ts';

/** The shortest real wait of the barrier, whatever --speed: on a busy machine a process can be late by that much without being a no-show. */
const MIN_TIMEOUT_MS = 500;

/**
 * A runner: warm up for a random 0–2 s, line up at the barrier, and start
 * once every runner has lined up. A no-show never lines up; if the barrier
 * gives up on it (its timeout), every runner waiting gets BrokenBarrierError.
 */
export async function run(i: number, line: Barrier, noShow: boolean, go: Event, env: Env): Promise<void> {
	const say = lesson(env, 'barrier').lines;
	await go.wait();
	await sleep(env, random(env, `runner-${i}`)() * 2000);
	if (noShow) {
		log(say.noShow(i));
		return;
	}
	log(say.linesUp(i), {arrived: i});
	try {
		await line.wait();
	} catch (error) {
		if (!(error instanceof BrokenBarrierError)) throw error;
		log(say.broken(i), {broken: i});
		return;
	}
	log(say.starts(i), {started: i});
}

/** Milliseconds between the first and the last of these run times, to a tenth. */
const spread = (times: number[]) => (times.length === 0 ? 0 : Math.round((Math.max(...times) - Math.min(...times)) * 10) / 10);

export const scenario: Scenario = {
	name: 'barrier',
	aliases: ['race-start'],
	primitive: 'Barrier',
	more: true,
	// Beyond the tutorial: no program of its own to re-tell.
	programs: [],
	options: [
		{kind: 'count', key: 'runners', flag: '--runners <n>', default: 4, min: 2, max: 32, description: "runner processes (the barrier's parties)"},
		{kind: 'count', key: 'noShow', flag: '--no-show <n>', default: 0, min: 0, max: 31, description: 'runners that never line up'},
		{
			kind: 'number',
			key: 'barrierTimeout',
			flag: '--barrier-timeout <seconds>',
			default: 3,
			max: 3600,
			description: 'how long the barrier waits (scenario time)',
		},
	],
	check: options =>
		Number(options.noShow) >= Number(options.runners) ? `--no-show must be less than --runners (${options.runners}), got ${options.noShow}` : null,
	processes: options => Number(options.runners),
	startLine: 'start-line',
	async main(ctx) {
		const runners = Number(ctx.options.runners);
		const noShow = Number(ctx.options.noShow);
		Object.assign(ctx.facts, {runners, noShow});
		// Everyone, no-shows included, is a party: the race starts when all have lined up.
		const timeout = Math.max(MIN_TIMEOUT_MS, (Number(ctx.options.barrierTimeout) * 1000) / ctx.env.speed);
		const line = new Barrier(runners, {name: 'start-barrier', timeout});
		// The warm-ups begin together, once every runner is started: a process's start-up is not its warm-up.
		const go = new Event({name: 'start-line'});
		const procs = Array.from(
			{length: runners},
			(_, i) => new Process({module: import.meta.url, target: 'run', args: [i, line, i >= runners - noShow, go, ctx.env], name: `runner-${i}`}),
		);
		await Promise.all(procs.map(proc => proc.start()));
		await go.set();
		for (const proc of procs) await proc.join();
	},
	// From the runners' lines as recorded, with their run times.
	collect(ctx) {
		const times = (key: string) => ctx.events.flatMap(event => (event.type === 'log' && typeof event.data?.[key] === 'number' ? [event.t] : []));
		const arrived = times('arrived');
		const started = times('started');
		const broken = times('broken');
		Object.assign(ctx.facts, {
			arrived: arrived.length,
			started: started.length,
			brokenFor: broken.length,
			arrivalSpreadMs: spread(arrived),
			startSpreadMs: spread(started),
			lastArrivalMs: arrived.length === 0 ? 0 : Math.round(Math.max(...arrived) * 10) / 10,
			firstStartMs: started.length === 0 ? 0 : Math.round(Math.min(...started) * 10) / 10,
		});
	},
	verdict(facts, _options, _hang, env) {
		const say = lesson(env, 'barrier').verdict;
		const runners = Number(facts.runners);
		const started = Number(facts.started);
		const brokenFor = Number(facts.brokenFor);
		if (brokenFor > 0) {
			// The lesson when someone did not show; a broken promise when everyone did.
			return {code: 'broken', sentence: say.broken(brokenFor, Number(facts.noShow)), broken: Number(facts.noShow) === 0, defect: true};
		}
		// Nobody started before the last arrival: that is what a barrier promises.
		if (started === runners && Number(facts.firstStartMs) >= Number(facts.lastArrivalMs))
			return {code: 'together', sentence: say.together(runners, Number(facts.arrivalSpreadMs), Number(facts.startSpreadMs)), broken: false, defect: false};
		return {code: 'early-start', sentence: say.early(started, runners), broken: true, defect: true};
	},
};
