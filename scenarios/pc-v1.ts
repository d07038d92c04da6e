import {Empty, log, Process, Queue} from '../src/index.ts';
import {deliveryVerdict, ledger} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {say, sleep} from './kit/scenario.ts';
import {producer} from './pc-v0.ts';

export {producer};

export async function consumer(q: Queue, env: Env, everyMs = 2000): Promise<void> {
	for (;;) {
		await sleep(env, everyMs);
		let s: unknown;
		try {
			s = await q.getNowait(); // Python's q.get(False)
		} catch (error) {
			if (!(error instanceof Empty)) throw error;
			log(say(env, 'queue empty: the consumer stops', '队列为空, 消费者结束'));
			break;
		}
		log(say(env, `consumer took item ${String(s)}`, `消费者已拿走${String(s)}个产品`), {took: s});
	}
}

export const scenario: Scenario = {
	name: 'pc-v1',
	aliases: ['pc-exception'],
	primitive: 'Queue',
	summary: 'producer/consumer, version 1: the consumer stops on the first Empty — possibly too early',
	explain: [
		"The consumer uses getNowait() (Python's get(False)) and stops at the first Empty exception.",
		'That ends the hang of pc-v0, but Empty only means "empty right now". With the tutorial\'s delays the consumer',
		'(every 2 s) is slower than the producer (every 1 s) and takes everything; make it faster than the producer,',
		'e.g. --consumer-delay 0.5, and it stops while items are still coming: they are left in the queue. Compare pc-v2.',
	],
	options: [
		{kind: 'count', key: 'items', flag: '--items <n>', default: 10, max: 100_000, description: 'items to produce'},
		{kind: 'number', key: 'producerDelay', flag: '--producer-delay <seconds>', default: 1, max: 600, description: 'the producer makes an item every so often'},
		{
			kind: 'number',
			key: 'consumerDelay',
			flag: '--consumer-delay <seconds>',
			default: 2,
			max: 600,
			description: 'the consumer tries getNowait() every so often',
		},
	],
	processes: () => 2,
	async main(ctx) {
		const q = new Queue({maxsize: 20, name: 'q'});
		const {items, producerDelay, consumerDelay} = ctx.options as Record<string, number>;
		const pro = new Process({module: import.meta.url, target: 'producer', args: [q, items, ctx.env, producerDelay! * 1000], name: 'producer'});
		const con = new Process({module: import.meta.url, target: 'consumer', args: [q, ctx.env, consumerDelay! * 1000], name: 'consumer'});
		await pro.start();
		await con.start();
		await pro.join();
		await con.join();
	},
	collect(ctx) {
		Object.assign(ctx.facts, ledger(ctx.events));
	},
	verdict: (facts, _options, hang) => deliveryVerdict(facts, hang, {lossIsLesson: true}),
};
