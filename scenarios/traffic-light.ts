import {Event, log, Process} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {say, sleep} from './kit/scenario.ts';

/** The light: red for `red` s, then green for `green` s, forever (a daemon; it ends with the run). */
export async function trafficLights(e: Event, red: number, green: number, env: Env): Promise<never> {
	for (;;) {
		log(say(env, '!!! red light !!!', '!!!红灯亮!!!'));
		await sleep(env, red * 1000);
		await e.set();
		log(say(env, '~~~ green light ~~~', '~~~绿灯亮~~~'));
		await sleep(env, green * 1000);
		await e.clear();
	}
}

/** How a car crossed rides along with its line, so the run counts crossings as they happen. */
export async function car(i: number, e: Event, env: Env): Promise<void> {
	if (!(await e.isSet())) {
		log(say(env, `car ${i} is waiting......`, `车${i}在等待......`));
		const green = await e.wait();
		log(say(env, `car ${i} goes........`, `车${i}走你........`), {crossed: green ? 'waited' : 'ran-red'});
	} else {
		log(say(env, `car ${i} may go....`, `车${i}可以走了....`), {crossed: 'green'});
	}
}

export const scenario: Scenario = {
	name: 'traffic-light',
	aliases: ['traffic'],
	primitive: 'Event',
	summary: 'a light process sets and clears an event; cars wait on red and go on green',
	explain: [
		'The light is an Event: set() = green, clear() = red. The light process cycles red 6 s, green 3 s.',
		'Every second three new car processes arrive: on green they go at once; on red they wait() and go when it turns green.',
		'The tutorial runs forever; here the cars stop arriving after --duration seconds, and the run ends when the last car has gone.',
	],
	options: [
		{kind: 'count', key: 'duration', flag: '--duration <seconds>', default: 18, max: 3600, description: 'seconds of scenario time during which cars arrive'},
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
		await Promise.all(starting);
		for (const proc of started) await proc.join();
	},
	// From the recorded events, so a run cut short still counts the cars that came and crossed.
	collect(ctx) {
		const counts: Record<string, number> = {waited: 0, green: 0, 'ran-red': 0};
		let cars = 0;
		for (const event of ctx.events) {
			if (event.type === 'spawn' && event.proc.startsWith('car-')) cars++;
			if (event.type === 'log' && event.data && 'crossed' in event.data) {
				const how = String(event.data.crossed);
				counts[how] = (counts[how] ?? 0) + 1;
			}
		}
		Object.assign(ctx.facts, {cars, waitedOnRed: counts.waited!, wentOnGreen: counts.green!, wentWhileRed: counts['ran-red']!});
	},
	verdict(facts) {
		const crossed = Number(facts.waitedOnRed) + Number(facts.wentOnGreen);
		if (Number(facts.wentWhileRed) > 0 || crossed !== Number(facts.cars)) {
			return {code: 'ran-red', sentence: `${facts.wentWhileRed} car(s) went while red; ${crossed} of ${facts.cars} crossed`, broken: true, defect: true};
		}
		return {
			code: 'obeyed',
			sentence: `${facts.waitedOnRed} car(s) waited on red, ${facts.wentOnGreen} went on green; none went while red`,
			broken: false,
			defect: false,
		};
	},
};
