import {JoinableQueue, log, Process} from '../src/index.ts';
import {deliveryVerdict, ledger} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {say, sleep} from './kit/scenario.ts';

export async function producer(q: JoinableQueue, items: number, env: Env): Promise<void> {
	for (let i = 1; i <= items; i++) {
		await sleep(env, 500);
		await q.put(i);
		log(say(env, `item ${i} is ready`, `${i}号产品已生产完毕`), {made: i});
	}
	await q.put(null);
	await q.join(); // until every item, the sentinel too, is marked done
	log(say(env, 'every task is done: waiting here...', '在这里等待...'));
}

export async function consumer(q: JoinableQueue, env: Env): Promise<void> {
	for (;;) {
		await sleep(env, 1000);
		const s = await q.get();
		if (s === null) break;
		log(say(env, `consumer took item ${String(s)}`, `消费者已拿走${String(s)}个产品`), {took: s});
		await q.taskDone();
	}
	await q.taskDone(); // for the sentinel
}

export const scenario: Scenario = {
	name: 'joinable',
	aliases: ['pc-joinable'],
	primitive: 'JoinableQueue',
	summary: 'JoinableQueue: the producer join()s the queue until the daemon consumer marks every task done',
	explain: [
		'A JoinableQueue counts unfinished tasks: put() adds one, taskDone() removes one, join() waits for zero.',
		'The producer puts 10 items and a sentinel, then join()s: it returns when the consumer has processed all of them.',
		"The consumer is a daemon: it is stopped when the main process's work ends, after the producer has joined.",
	],
	options: [{kind: 'count', key: 'items', flag: '--items <n>', default: 10, max: 100_000, description: 'items to produce'}],
	processes: () => 2,
	async main(ctx) {
		const q = new JoinableQueue({maxsize: 20, name: 'q'});
		const pro = new Process({module: import.meta.url, target: 'producer', args: [q, ctx.options.items, ctx.env], name: 'producer'});
		const con = new Process({module: import.meta.url, target: 'consumer', args: [q, ctx.env], name: 'consumer', daemon: true});
		await pro.start();
		await con.start();
		await pro.join();
		ctx.log(say(ctx.env, 'main ends', '主进程结束'));
		ctx.facts.unfinished = (await q.info()).unfinished;
	},
	collect(ctx) {
		Object.assign(ctx.facts, ledger(ctx.events));
	},
	verdict: (facts, _options, hang) => deliveryVerdict(facts, hang),
};
