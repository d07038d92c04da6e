import {JoinableQueue, log, Process} from '../src/index.ts';
import {deliveryVerdict, ledger} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, sleep} from './kit/scenario.ts';

export async function producer(q: JoinableQueue, items: number, env: Env): Promise<void> {
	for (let i = 1; i <= items; i++) {
		await sleep(env, 500);
		await q.put(i);
		log(lesson(env, 'pc-v2').lines.ready(i), {made: i});
	}
	await q.put(null);
	await q.join(); // until every item, the sentinel too, is marked done
	log(lesson(env, 'joinable').lines.waitingHere);
}

export async function consumer(q: JoinableQueue, env: Env): Promise<void> {
	for (;;) {
		await sleep(env, 1000);
		const s = await q.get();
		if (s === null) break;
		log(lesson(env, 'pc-v0').lines.took(String(s)), {took: s});
		await q.taskDone();
	}
	await q.taskDone(); // for the sentinel
}

export const scenario: Scenario = {
	name: 'joinable',
	aliases: ['pc-joinable'],
	primitive: 'JoinableQueue',
	options: [{kind: 'count', key: 'items', flag: '--items <n>', default: 10, max: 100_000, description: 'items to produce'}],
	processes: () => 2,
	async main(ctx) {
		const q = new JoinableQueue({maxsize: 20, name: 'q'});
		const pro = new Process({module: import.meta.url, target: 'producer', args: [q, ctx.options.items, ctx.env], name: 'producer'});
		const con = new Process({module: import.meta.url, target: 'consumer', args: [q, ctx.env], name: 'consumer', daemon: true});
		await pro.start();
		await con.start();
		await pro.join();
		ctx.log(lesson(ctx.env, 'joinable').lines.mainEnds);
		ctx.facts.unfinished = (await q.info()).unfinished;
	},
	collect(ctx) {
		Object.assign(ctx.facts, ledger(ctx.events));
	},
	verdict: (facts, _options, hang, env) => deliveryVerdict(facts, hang, env),
};
