import {log, Process, Queue} from '../src/index.ts';
import {collectDelivery, countLeft, deliveryVerdict} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, note, sleep} from './kit/scenario.ts';

export async function producer(q: Queue, p: number, items: number, env: Env): Promise<void> {
	for (let i = 1; i <= items; i++) {
		await sleep(env, 1000);
		await q.put({p, i});
		log(lesson(env, 'pc-v3').lines.made(p, i), {made: `${p}.${i}`});
	}
}

export async function consumer(q: Queue, c: number, env: Env): Promise<void> {
	for (;;) {
		const el = (await q.get()) as {p: number; i: number} | null;
		if (el === null) {
			note(lesson(env, 'pc-v3').lines.gotSentinel(c), {sentinel: 'got'});
			break;
		}
		log(lesson(env, 'pc-v3').lines.took(c, el.i, el.p), {took: `${el.p}.${el.i}`});
	}
}

export const scenario: Scenario = {
	name: 'pc-v3',
	aliases: ['pc-multi'],
	primitive: 'Queue',
	programs: ['pc-v3.py'],
	options: [
		{kind: 'count', key: 'producers', flag: '--producers <n>', default: 3, max: 32, description: 'producer processes'},
		{kind: 'count', key: 'consumers', flag: '--consumers <n>', default: 3, max: 32, description: 'consumer processes'},
		{kind: 'count', key: 'items', flag: '--items <n>', default: 10, max: 100_000, description: 'items per producer'},
	],
	processes: options => Number(options.producers) + Number(options.consumers),
	async main(ctx) {
		const {producers, consumers, items} = ctx.options as Record<string, number>;
		const q = new Queue({maxsize: 50, name: 'q'});
		const pros = Array.from(
			{length: producers!},
			(_, p) => new Process({module: import.meta.url, target: 'producer', args: [q, p + 1, items, ctx.env], name: `producer-${p + 1}`}),
		);
		const cons = Array.from(
			{length: consumers!},
			(_, c) => new Process({module: import.meta.url, target: 'consumer', args: [q, c + 1, ctx.env], name: `consumer-${c + 1}`}),
		);
		await Promise.all([...pros, ...cons].map(proc => proc.start()));
		for (const proc of pros) await proc.join();
		for (let c = 1; c <= consumers!; c++) {
			await q.put(null);
			ctx.note(lesson(ctx.env, 'pc-v3').lines.putSentinel(c, consumers!));
		}
		for (const proc of cons) await proc.join();
		await countLeft(ctx, q);
		ctx.log(lesson(ctx.env, 'pc-v3').lines.mainDone);
	},
	collect(ctx) {
		collectDelivery(ctx);
	},
	verdict: (facts, _options, hang, env) => deliveryVerdict(facts, hang, env),
};
