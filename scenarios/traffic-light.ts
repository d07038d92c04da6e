import {Event, log, Process} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, sleep} from './kit/scenario.ts';

/** The light: red for `red` s, then green for `green` s, forever (a daemon; it ends with the run). */
export async function trafficLights(e: Event, red: number, green: number, env: Env): Promise<never> {
	const say = lesson(env, 'traffic-light').lines;
	for (;;) {
		log(say.red);
		await sleep(env, red * 1000);
		await e.set();
		log(say.green);
		await sleep(env, green * 1000);
		await e.clear();
	}
}

/** How a car crossed rides along with its line, so the run counts crossings as they happen. */
export async function car(i: number, e: Event, env: Env): Promise<void> {
	const say = lesson(env, 'traffic-light').lines;
	if (!(await e.isSet())) {
		log(say.waiting(i));
		const green = await e.wait();
		log(say.goes(i), {crossed: green ? 'waited' : 'ran-red'});
	} else {
		log(say.mayGo(i), {crossed: 'green'});
	}
}

export const scenario: Scenario = {
	name: 'traffic-light',
	aliases: ['traffic'],
	primitive: 'Event',
	programs: ['traffic-light.py'],
	options: [
		{
			kind: 'count',
			key: 'duration',
			flag: '--duration <seconds>',
			default: 18,
			max: 3600,
			description: 'cars arrive for this many seconds (scenario time); the run ends once the last has crossed',
		},
		{kind: 'count', key: 'cars', flag: '--cars <n>', default: 3, max: 20, description: 'cars arriving each second'},
		{kind: 'count', key: 'red', flag: '--red <seconds>', default: 6, max: 600, description: 'red phase'},
		{kind: 'count', key: 'green', flag: '--green <seconds>', default: 3, max: 600, description: 'green phase'},
	],
	processes: options => 1 + Number(options.duration) * Number(options.cars),
	async main(ctx) {
		const {duration, cars, red, green} = ctx.options as Record<string, number>;
		const e = new Event({name: 'light'});
		const light = new Process({module: import.meta.url, target: 'trafficLights', args: [e, red, green, ctx.env], name: 'light', daemon: true});
		await light.start();
		const started: Process[] = [];
		const starting: Promise<void>[] = [];
		// Waves leave on the scenario's clock: a car's start-up does not delay the next wave.
		const t0 = performance.now();
		for (let second = 1; second <= duration!; second++) {
			// ctx.sleep takes scenario time and fails once the run has ended.
			await ctx.sleep(Math.max(0, t0 + (second * 1000) / ctx.env.speed - performance.now()) * ctx.env.speed);
			if (ctx.run.stopping) break;
			const arriving = Array.from(
				{length: cars!},
				(_, i) => new Process({module: import.meta.url, target: 'car', args: [i, e, ctx.env], name: `car-${second}.${i}`}),
			);
			started.push(...arriving);
			for (const proc of arriving) {
				const start = proc.start();
				start.catch(() => {});
				starting.push(start);
			}
		}
		// --duration bounds the arrivals: cars still waiting on red cross at the next green.
		if (!ctx.run.stopping) ctx.note(lesson(ctx.env, 'traffic-light').lines.noMoreCars(duration!));
		await Promise.all(starting);
		for (const proc of started) await proc.join();
	},
	// From the recorded events, so a run cut short still counts the cars that came and crossed.
	collect(ctx) {
		const counts: Record<string, number> = {waited: 0, green: 0, 'ran-red': 0};
		let cars = 0;
		let lastCrossing = 0;
		for (const event of ctx.events) {
			if (event.type === 'spawn' && event.proc.startsWith('car-')) cars++;
			if (event.type === 'log' && event.data && 'crossed' in event.data) {
				const how = String(event.data.crossed);
				counts[how] = (counts[how] ?? 0) + 1;
				lastCrossing = Math.max(lastCrossing, event.t);
			}
		}
		Object.assign(ctx.facts, {
			cars,
			waitedOnRed: counts.waited!,
			wentOnGreen: counts.green!,
			wentWhileRed: counts['ran-red']!,
			arrivalsForS: Number(ctx.options.duration),
			// Real milliseconds back to scenario seconds.
			lastCrossedAtS: Math.round((lastCrossing * ctx.env.speed) / 100) / 10,
		});
	},
	verdict(facts, _options, _hang, env) {
		const say = lesson(env, 'traffic-light').verdict;
		const crossed = Number(facts.waitedOnRed) + Number(facts.wentOnGreen);
		if (Number(facts.wentWhileRed) > 0 || crossed !== Number(facts.cars)) {
			return {code: 'ran-red', sentence: say.ranRed(Number(facts.wentWhileRed), crossed, Number(facts.cars)), broken: true, defect: true};
		}
		return {
			code: 'obeyed',
			sentence: say.obeyed(
				Number(facts.waitedOnRed),
				Number(facts.wentOnGreen),
				Number(facts.arrivalsForS),
				Number(facts.lastCrossedAtS),
				((Number(facts.lastCrossedAtS) * 1000) / env.speed / 1000).toFixed(2),
				env.speed,
			),
			broken: false,
			defect: false,
		};
	},
};
