import {Empty, Full, Queue} from '../src/index.ts';
import type {Scenario} from './kit/scenario.ts';
import {say} from './kit/scenario.ts';

export const scenario: Scenario = {
	name: 'queue-basics',
	aliases: ['queue'],
	primitive: 'Queue',
	summary: 'the Queue API: put, putNowait → Full, full(), get, getNowait → Empty, empty()',
	explain: [
		'Queue(3) holds at most three items. put() waits while it is full; putNowait() fails with Full instead.',
		'get() waits while it is empty; getNowait() fails with Empty instead. full() and empty() look without waiting,',
		'but their answer may be stale by the time you act on it when other processes use the queue.',
	],
	options: [{kind: 'count', key: 'maxsize', flag: '--maxsize <n>', default: 3, max: 10_000, description: 'queue bound'}],
	processes: () => 0,
	async main(ctx) {
		const maxsize = Number(ctx.options.maxsize);
		const q = new Queue<number>({maxsize, name: 'q'});
		// Each fact is recorded as soon as it is known: a run cut short keeps what it saw.
		ctx.facts.maxsize = maxsize;
		for (let i = 1; i <= maxsize; i++) await q.put(i);
		let fullRaised = false;
		try {
			await q.putNowait(maxsize + 1);
		} catch (error) {
			if (!(error instanceof Full)) throw error;
			fullRaised = true;
			ctx.log(say(ctx.env, 'the queue is full!', '队列已经满了!'));
		}
		ctx.facts.fullRaised = fullRaised;
		const full = await q.full();
		ctx.facts.fullReported = full;
		ctx.log(say(ctx.env, `full(): ${full}`, full ? 'True' : 'False'));
		const got: number[] = [];
		ctx.facts.got = got;
		for (let i = 1; i <= maxsize; i++) {
			got.push(await q.get());
			ctx.log(String(got.at(-1)));
		}
		ctx.facts.fifo = got.every((item, i) => item === i + 1);
		let emptyRaised = false;
		try {
			await q.getNowait();
		} catch (error) {
			if (!(error instanceof Empty)) throw error;
			emptyRaised = true;
			ctx.log(say(ctx.env, 'the queue is empty', '队列已经空了'));
		}
		ctx.facts.emptyRaised = emptyRaised;
		const empty = await q.empty();
		ctx.facts.emptyReported = empty;
		ctx.log(say(ctx.env, `empty(): ${empty}`, empty ? 'True' : 'False'));
	},
	verdict(facts) {
		const ok = facts.fullRaised === true && facts.emptyRaised === true && facts.fifo === true && facts.fullReported === true && facts.emptyReported === true;
		if (!ok) return {code: 'api-broken', sentence: `unexpected behaviour: ${JSON.stringify(facts)}`, broken: true, defect: true};
		return {
			code: 'fifo',
			sentence: `putNowait() on a full queue raised Full, items came back in order ${(facts.got as number[]).join(',')}, getNowait() on an empty queue raised Empty`,
			broken: false,
			defect: false,
		};
	},
};
