import {Lock, log, Process} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, random, sleep} from './kit/scenario.ts';

export async function work(n: number, lock: Lock | null, env: Env): Promise<void> {
	const delay = random(env, `work-${n}`)() * 1000;
	const say = lesson(env, 'print-race').lines;
	const body = async () => {
		log(say.running(n, process.pid));
		await sleep(env, delay);
		log(say.done(n, process.pid));
	};
	if (lock) await lock.withLock(body);
	else await body();
}

export const scenario: Scenario = {
	name: 'print-race',
	aliases: ['print'],
	primitive: 'Lock',
	options: [
		{kind: 'flag', key: 'lock', flag: '--lock', description: "hold a lock around each process's two lines"},
		{kind: 'count', key: 'workers', flag: '--workers <n>', default: 5, max: 64, description: 'processes'},
	],
	processes: options => Number(options.workers),
	async main(ctx) {
		const workers = Number(ctx.options.workers);
		const lock = ctx.options.lock ? new Lock({name: 'print-lock'}) : null;
		ctx.facts.workers = workers;
		const procs = Array.from(
			{length: workers},
			(_, n) => new Process({module: import.meta.url, target: 'work', args: [n, lock, ctx.env], name: `worker-${n}`}),
		);
		await Promise.all(procs.map(proc => proc.start()));
		for (const proc of procs) await proc.join();
	},
	// From the recorded lines, so a run cut short still counts the pairs so far.
	collect(ctx) {
		// A pair is interleaved when another worker printed between its two lines.
		const lines = ctx.events.filter(event => event.type === 'log' && event.proc.startsWith('worker-'));
		const names = new Set(lines.map(event => event.proc));
		let interleaved = 0;
		for (const name of names) {
			const first = lines.findIndex(event => event.proc === name);
			const last = lines.findLastIndex(event => event.proc === name);
			if (lines.slice(first, last + 1).some(event => event.proc !== name)) interleaved++;
		}
		const pairs = ctx.events.filter(event => event.type === 'exit' && event.proc.startsWith('worker-') && event.code === 0).length;
		Object.assign(ctx.facts, {pairs, interleaved});
	},
	verdict(facts, options, _hang, env) {
		const say = lesson(env, 'print-race').verdict;
		const interleaved = Number(facts.interleaved);
		if (interleaved > 0) {
			return {
				code: 'interleaved',
				sentence: say.interleaved(interleaved, Number(facts.workers)),
				broken: Boolean(options.lock),
				defect: true,
			};
		}
		return {code: 'serialized', sentence: say.serialized(Number(facts.workers)), broken: false, defect: false};
	},
};
