import {Event, log, Process, Value} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson} from './kit/scenario.ts';

/**
 * One worker: `v.value += 1`, `increments` times — a read of the shared
 * number, then a write of one more. Two workers that read the same number
 * both write the same next one: an update is lost. With the value's own lock
 * held around each `+= 1` (Python's `with v.get_lock():`) none is.
 */
export async function add(i: number, v: Value<'i'>, increments: number, locked: boolean, go: Event, env: Env): Promise<void> {
	const say = lesson(env, 'counter-race').lines;
	await go.wait();
	const began = performance.now();
	if (locked) {
		const lock = v.getLock();
		for (let n = 0; n < increments; n++) {
			await lock.acquire();
			v.value += 1;
			await lock.release();
		}
	} else {
		for (let n = 0; n < increments; n++) v.value += 1;
	}
	log(say.done(i, increments), {done: increments, began, ended: performance.now()});
}

export const scenario: Scenario = {
	name: 'counter-race',
	aliases: ['counter', 'value'],
	primitive: 'Value',
	more: true,
	// Beyond the tutorial: no program of its own to re-tell.
	programs: [],
	options: [
		{kind: 'flag', key: 'lock', flag: '--lock', description: "hold the value's lock (getLock()) around each += 1"},
		{kind: 'count', key: 'workers', flag: '--workers <n>', default: 4, min: 2, max: 16, description: 'processes'},
		{kind: 'count', key: 'increments', flag: '--increments <n>', default: 10_000, max: 1_000_000, description: 'v.value += 1 per process'},
	],
	processes: options => Number(options.workers),
	startLine: 'start-line',
	// With --lock, three steps of the value's lock per increment: counted in a note, not printed.
	unprinted: ['rlock counter.lock'],
	async main(ctx) {
		const workers = Number(ctx.options.workers);
		const increments = Number(ctx.options.increments);
		Object.assign(ctx.facts, {workers, expected: workers * increments});
		const v = new Value('i', 0, {name: 'counter'});
		const go = new Event({name: 'start-line'});
		const procs = Array.from(
			{length: workers},
			(_, i) => new Process({module: import.meta.url, target: 'add', args: [i, v, increments, Boolean(ctx.options.lock), go, ctx.env], name: `worker-${i}`}),
		);
		await Promise.all(procs.map(proc => proc.start()));
		await go.set();
		for (const proc of procs) await proc.join();
		const steps = ctx.events.filter(event => event.type === 'sync' && event.kind === 'rlock' && event.target === 'counter.lock').length;
		if (steps > 0) ctx.note(lesson(ctx.env, 'counter-race').lines.lockSteps(steps));
		ctx.facts.total = v.value;
		ctx.log(lesson(ctx.env, 'counter-race').lines.total(v.value, workers * increments));
	},
	verdict(facts, options, _hang, env) {
		const say = lesson(env, 'counter-race').verdict;
		const expected = Number(facts.expected);
		const got = Number(facts.total);
		if (got !== expected) return {code: 'lost-updates', sentence: say.lost(expected, got), broken: Boolean(options.lock), defect: true};
		return {code: 'exact', sentence: say.exact(got), broken: false, defect: false};
	},
};
