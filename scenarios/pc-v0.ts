import {log, Process, Queue} from '../src/index.ts';
import {collectDelivery, deliveryVerdict} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, sleep} from './kit/scenario.ts';

export async function producer(q: Queue, items: number, env: Env, everyMs = 1000): Promise<void> {
	for (let i = 1; i <= items; i++) {
		await sleep(env, everyMs);
		await q.put(i);
		log(lesson(env, 'pc-v0').lines.produced(i), {made: i});
	}
}

export async function consumer(q: Queue, env: Env): Promise<never> {
	for (;;) {
		await sleep(env, 2000);
		const s = await q.get();
		log(lesson(env, 'pc-v0').lines.took(String(s)), {took: s});
	}
}

export const scenario: Scenario = {
	name: 'pc-v0',
	aliases: ['pc-hang'],
	primitive: 'Queue',
	programs: ['pc-v0.py'],
	options: [{kind: 'count', key: 'items', flag: '--items <n>', default: 10, max: 100_000, description: 'items to produce'}],
	processes: () => 2,
	async main(ctx) {
		const q = new Queue({maxsize: 20, name: 'q'});
		const pro = new Process({module: import.meta.url, target: 'producer', args: [q, ctx.options.items, ctx.env], name: 'producer'});
		const con = new Process({module: import.meta.url, target: 'consumer', args: [q, ctx.env], name: 'consumer'});
		await pro.start();
		await con.start();
		// Python's main joins its children at exit: so do we.
		await pro.join();
		await con.join();
	},
	collect(ctx) {
		collectDelivery(ctx);
	},
	verdict: (facts, _options, hang, env) => deliveryVerdict(facts, hang, env, {hangIsLesson: true}),
};
