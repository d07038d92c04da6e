import {log, Process, Queue} from '../src/index.ts';
import {collectDelivery, countLeft, deliveryVerdict} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, note, sleep} from './kit/scenario.ts';

export async function producer(q: Queue, items: number, sendSentinel: boolean, env: Env): Promise<void> {
	for (let i = 1; i <= items; i++) {
		await sleep(env, 1000);
		await q.put(i);
		log(lesson(env, 'pc-v2').lines.ready(i), {made: i});
	}
	if (sendSentinel) {
		await q.put(null); // the end signal, from the producer itself
		note(lesson(env, 'pc-v2').lines.putSentinel, {sentinel: 'put'});
	}
}

export async function consumer(q: Queue, env: Env): Promise<void> {
	for (;;) {
		await sleep(env, 2000);
		const s = await q.get();
		if (s === null) {
			note(lesson(env, 'pc-v2').lines.gotSentinel, {sentinel: 'got'});
			break;
		}
		log(lesson(env, 'pc-v0').lines.took(String(s)), {took: s});
	}
}

export const scenario: Scenario = {
	name: 'pc-v2',
	aliases: ['pc-sentinel'],
	primitive: 'Queue',
	programs: ['pc-v2.py', 'pc-v2-main.py'],
	options: [
		{kind: 'count', key: 'items', flag: '--items <n>', default: 10, max: 100_000, description: 'items to produce'},
		{
			kind: 'choice',
			key: 'sentinelFrom',
			flag: '--sentinel-from <who>',
			default: 'producer',
			choices: ['producer', 'main'],
			description: 'who puts the sentinel',
		},
	],
	processes: () => 2,
	async main(ctx) {
		const fromMain = ctx.options.sentinelFrom === 'main';
		const q = new Queue({maxsize: 20, name: 'q'});
		const pro = new Process({module: import.meta.url, target: 'producer', args: [q, ctx.options.items, !fromMain, ctx.env], name: 'producer'});
		const con = new Process({module: import.meta.url, target: 'consumer', args: [q, ctx.env], name: 'consumer'});
		await pro.start();
		await con.start();
		await pro.join();
		if (fromMain) {
			await q.put(null);
			ctx.note(lesson(ctx.env, 'pc-v2').lines.putSentinel);
		}
		await con.join();
		await countLeft(ctx, q);
	},
	collect(ctx) {
		collectDelivery(ctx);
	},
	verdict: (facts, _options, hang, env) => deliveryVerdict(facts, hang, env),
};
