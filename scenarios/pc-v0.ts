import {log, Process, Queue} from '../src/index.ts';
import {deliveryVerdict, ledger} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {say, sleep} from './kit/scenario.ts';

export async function producer(q: Queue, items: number, env: Env, everyMs = 1000): Promise<void> {
	for (let i = 1; i <= items; i++) {
		await sleep(env, everyMs);
		await q.put(i);
		log(say(env, `produced item ${i}`, `已生产了${i}个产品`), {made: i});
	}
}

export async function consumer(q: Queue, env: Env): Promise<never> {
	for (;;) {
		await sleep(env, 2000);
		const s = await q.get();
		log(say(env, `consumer took item ${String(s)}`, `消费者已拿走${String(s)}个产品`), {took: s});
	}
}

export const scenario: Scenario = {
	name: 'pc-v0',
	aliases: ['pc-hang'],
	primitive: 'Queue',
	summary: 'producer/consumer, first version: the consumer never learns the producer is done and hangs',
	explain: [
		'The producer makes 10 items, one per second; the consumer takes one every 2 s with a blocking get().',
		'After the last item the consumer calls get() again on an empty queue that nobody will ever fill:',
		'the program hangs. Python leaves you at a silent terminal; sync-demo names the blocked process and ends the run.',
		'The next versions fix it: an exception (pc-v1) or a sentinel (pc-v2).',
	],
	options: [{kind: 'count', key: 'items', flag: '--items <n>', default: 10, max: 100_000, description: 'items to produce'}],
	processes: () => 2,
	hangHint: "the consumer loops on get() forever; the tutorial's next versions end it with an exception (pc-v1) or a sentinel (pc-v2)",
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
		Object.assign(ctx.facts, ledger(ctx.events));
	},
	verdict: (facts, _options, hang) => deliveryVerdict(facts, hang, {hangIsLesson: true}),
};
