import {Event, log, Process, Semaphore} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, note, random, sleep} from './kit/scenario.ts';

export async function play(i: number, machines: Semaphore, doors: Event, env: Env): Promise<void> {
	await doors.wait();
	const seconds = 2 + Math.floor(random(env, `customer-${i}`)() * 3); // Python's randrange(2, 5)
	const say = lesson(env, 'arcade-semaphore').lines;
	await machines.withPermit(async () => {
		log(say.playing(i));
		const began = performance.now();
		await sleep(env, seconds * 1000);
		// Not a line of the tutorial's program: sync-demo's own, with the time really played.
		note(say.leaves(i, seconds, ((performance.now() - began) / 1000).toFixed(2)));
	});
}

export const scenario: Scenario = {
	name: 'arcade-semaphore',
	aliases: ['arcade', 'semaphore'],
	primitive: 'Semaphore',
	programs: ['arcade-semaphore.py'],
	options: [
		{kind: 'count', key: 'machines', flag: '--machines <n>', default: 4, max: 64, description: 'game machines (semaphore value)'},
		{kind: 'count', key: 'customers', flag: '--customers <n>', default: 10, max: 64, description: 'customer processes'},
	],
	processes: options => Number(options.customers),
	startLine: 'start-line',
	async main(ctx) {
		const machines = Number(ctx.options.machines);
		const customers = Number(ctx.options.customers);
		const semaphore = new Semaphore(machines, {name: 'machines'});
		const doors = new Event({name: 'start-line'});
		Object.assign(ctx.facts, {machines, customers});
		const procs = Array.from(
			{length: customers},
			(_, i) => new Process({module: import.meta.url, target: 'play', args: [i, semaphore, doors, ctx.env], name: `customer-${i}`}),
		);
		await Promise.all(procs.map(proc => proc.start()));
		await doors.set(); // the customers arrive together, as the tutorial's ten forks do
		for (const proc of procs) await proc.join();
	},
	// From the broker's own counts as it reported them (holders and free permits after each
	// operation), so a run cut short still has the players so far.
	collect(ctx) {
		const waitStart = new Map<string, number>();
		let longestWaitMs = 0;
		let peakPlayers = 0;
		let freeAtEnd = Number(ctx.options.machines);
		let played = 0;
		for (const event of ctx.events) {
			if (event.type === 'exit' && event.proc.startsWith('customer-') && event.code === 0) played++;
			if (event.type !== 'sync' || event.kind !== 'semaphore' || event.target !== 'machines') continue;
			if (typeof event.value === 'number') freeAtEnd = event.value;
			// Longest wait at the door: from a blocked acquire to its grant, per customer.
			if (event.op === 'acquire') waitStart.set(event.proc, event.t);
			if (event.op === 'acquired') {
				peakPlayers = Math.max(peakPlayers, Number(event.holders));
				if (waitStart.has(event.proc)) longestWaitMs = Math.max(longestWaitMs, event.t - waitStart.get(event.proc)!);
				waitStart.delete(event.proc);
			}
		}
		Object.assign(ctx.facts, {played, peakPlayers, longestWaitMs: Math.round(longestWaitMs), freeAtEnd});
	},
	verdict(facts, _options, _hang, env) {
		const say = lesson(env, 'arcade-semaphore').verdict;
		const peak = Number(facts.peakPlayers);
		const machines = Number(facts.machines);
		if (peak > machines) return {code: 'over-limit', sentence: say.overLimit(peak, machines), broken: true, defect: true};
		return {
			code: 'within-limit',
			sentence: say.withinLimit(peak, machines, Number(facts.played), Number(facts.customers), (Number(facts.longestWaitMs) / 1000).toFixed(2)),
			broken: false,
			defect: false,
		};
	},
};
