import {JoinableQueue, log, Process} from '../src/index.ts';
import {collectDelivery, countLeft, deliveryVerdict} from './kit/ledger.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, note, sleep} from './kit/scenario.ts';

export async function producer(q: JoinableQueue, items: number, sentinel: boolean, env: Env): Promise<void> {
	for (let i = 1; i <= items; i++) {
		await sleep(env, 500);
		await q.put(i);
		log(lesson(env, 'pc-v2').lines.ready(i), {made: i});
	}
	if (sentinel) {
		await q.put(null);
		note(lesson(env, 'pc-v2').lines.putSentinel, {sentinel: 'put'});
	}
	await q.join(); // until every item, the sentinel too, is marked done
	log(lesson(env, 'joinable').lines.waitingHere);
}

export async function consumer(q: JoinableQueue, env: Env): Promise<void> {
	for (;;) {
		await sleep(env, 1000);
		const s = await q.get();
		if (s === null) {
			note(lesson(env, 'pc-v2').lines.gotSentinel, {sentinel: 'got'});
			break;
		}
		log(lesson(env, 'pc-v0').lines.took(String(s)), {took: s});
		await q.taskDone();
	}
	await q.taskDone(); // for the sentinel
}

export const scenario: Scenario = {
	name: 'joinable',
	aliases: ['pc-joinable'],
	primitive: 'JoinableQueue',
	programs: ['joinable.py'],
	options: [
		{kind: 'count', key: 'items', flag: '--items <n>', default: 10, max: 100_000, description: 'items to produce'},
		{
			kind: 'flag',
			key: 'withoutSentinel',
			flag: '--without-sentinel',
			description: 'the producer puts no sentinel: the daemon consumer is still in its loop when main ends, and is stopped with it',
		},
	],
	processes: () => 2,
	async main(ctx) {
		const sentinel = !ctx.options.withoutSentinel;
		const q = new JoinableQueue({maxsize: 20, name: 'q'});
		const pro = new Process({module: import.meta.url, target: 'producer', args: [q, ctx.options.items, sentinel, ctx.env], name: 'producer'});
		const con = new Process({module: import.meta.url, target: 'consumer', args: [q, ctx.env], name: 'consumer', daemon: true});
		await pro.start();
		await con.start();
		await pro.join();
		ctx.log(lesson(ctx.env, 'joinable').lines.mainEnds);
		// Python kills a daemon child when main exits; the run does the same once main() returns.
		if (!sentinel) ctx.note(lesson(ctx.env, 'joinable').lines.daemonStops);
		ctx.facts.unfinished = (await q.info()).unfinished;
		await countLeft(ctx, q);
	},
	collect(ctx) {
		collectDelivery(ctx);
		const exit = ctx.events.find(event => event.type === 'exit' && event.proc === 'consumer');
		if (exit?.type === 'exit') ctx.facts.consumerStoppedWithMain = Boolean(exit.signal);
	},
	verdict(facts, _options, hang, env) {
		const verdict = deliveryVerdict(facts, hang, env);
		if (verdict.code !== 'complete' || facts.consumerStoppedWithMain !== true) return verdict;
		return {...verdict, sentence: lesson(env, 'joinable').verdict.daemonStopped(verdict.sentence)};
	},
};
