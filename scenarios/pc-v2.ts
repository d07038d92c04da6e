import {log, Process, Queue} from '../src/index.ts';
import {deliveryVerdict, ledger} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {say, sleep} from './kit/scenario.ts';

export async function producer(q: Queue, items: number, sendSentinel: boolean, env: Env): Promise<void> {
	for (let i = 1; i <= items; i++) {
		await sleep(env, 1000);
		await q.put(i);
		log(say(env, `item ${i} is ready`, `${i}号产品已生产完毕`), {made: i});
	}
	if (sendSentinel) await q.put(null); // the end signal, from the producer itself
}

export async function consumer(q: Queue, env: Env): Promise<void> {
	for (;;) {
		await sleep(env, 2000);
		const s = await q.get();
		if (s === null) break;
		log(say(env, `consumer took item ${String(s)}`, `消费者已拿走${String(s)}个产品`), {took: s});
	}
}

export const scenario: Scenario = {
	name: 'pc-v2',
	aliases: ['pc-sentinel'],
	primitive: 'Queue',
	summary: 'producer/consumer, version 2: a null sentinel tells the consumer to stop',
	explain: [
		"An agreed end signal (null, Python's None) is put after the last item. The consumer stops when it takes it,",
		'and not before: nothing is left behind, nothing hangs.',
		'--sentinel-from producer: the producer puts it; --sentinel-from main: the main process puts it after joining the producer.',
	],
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
		if (fromMain) await q.put(null);
		await con.join();
	},
	collect(ctx) {
		Object.assign(ctx.facts, ledger(ctx.events));
	},
	verdict: (facts, _options, hang) => deliveryVerdict(facts, hang),
};
