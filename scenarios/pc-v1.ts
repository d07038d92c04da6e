import {Empty, log, Process, Queue} from '../src/index.ts';
import {collectDelivery, countLeft, deliveryVerdict} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, note, sleep} from './kit/scenario.ts';
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
			note(lesson(env, 'pc-v1').lines.stops);
			break;
		}
		log(lesson(env, 'pc-v0').lines.took(String(s)), {took: s});
	}
}

export const scenario: Scenario = {
	name: 'pc-v1',
	aliases: ['pc-exception'],
	primitive: 'Queue',
	programs: ['pc-v1.py'],
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
		await countLeft(ctx, q);
	},
	collect(ctx) {
		collectDelivery(ctx);
	},
	// Both come of stopping at the first Empty, as the tutorial's program would: items left in the queue,
	// or, with more items than the queue holds, a producer blocked for good on a full queue.
	verdict: (facts, _options, hang, env) => deliveryVerdict(facts, hang, env, {leftIsLesson: true, hangIsLesson: true}),
};
