import {Empty, Full, Queue} from '../src/index.ts';
import type {Scenario} from './kit/scenario.ts';
import {lesson} from './kit/scenario.ts';

export const scenario: Scenario = {
	name: 'queue-basics',
	aliases: ['queue'],
	primitive: 'Queue',
	programs: ['queue-basics.py'],
	options: [{kind: 'count', key: 'maxsize', flag: '--maxsize <n>', default: 3, max: 10_000, description: 'queue bound'}],
	processes: () => 0,
	async main(ctx) {
		const say = lesson(ctx.env, 'queue-basics').lines;
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
			ctx.log(say.full);
		}
		ctx.facts.fullRaised = fullRaised;
		const full = await q.full();
		ctx.facts.fullReported = full;
		ctx.log(say.isFull(full));
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
			ctx.log(say.empty);
		}
		ctx.facts.emptyRaised = emptyRaised;
		const empty = await q.empty();
		ctx.facts.emptyReported = empty;
		ctx.log(say.isEmpty(empty));
	},
	verdict(facts, _options, _hang, env) {
		const say = lesson(env, 'queue-basics').verdict;
		const ok = facts.fullRaised === true && facts.emptyRaised === true && facts.fifo === true && facts.fullReported === true && facts.emptyReported === true;
		if (!ok) return {code: 'api-broken', sentence: say.broken(JSON.stringify(facts)), broken: true, defect: true};
		return {
			code: 'fifo',
			sentence: say.fifo((facts.got as number[]).join(',')),
			broken: false,
			defect: false,
		};
	},
};
