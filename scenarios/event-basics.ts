import {Event} from '../src/index.ts';
import type {Scenario} from './kit/scenario.ts';
import {lesson} from './kit/scenario.ts';

export const scenario: Scenario = {
	name: 'event-basics',
	aliases: ['event'],
	primitive: 'Event',
	programs: ['event-basics.py'],
	options: [],
	processes: () => 0,
	async main(ctx) {
		const say = lesson(ctx.env, 'event-basics').lines;
		const py = say.isSet;
		const e = new Event({name: 'e'});
		ctx.log(py(await e.isSet()));
		await e.set();
		ctx.log(py(await e.isSet()));
		await e.clear();
		ctx.log(py(await e.isSet()));

		await e.set();
		ctx.log(py(await e.isSet()));
		ctx.log(say.before);
		ctx.facts.waitAfterSetPassed = await e.wait();
		ctx.log(say.after);

		await e.set();
		ctx.log(py(await e.isSet()));
		await e.clear();
		ctx.log(py(await e.isSet()));
		ctx.log(say.before);
		ctx.facts.waitAfterClearPassed = false;
		ctx.facts.waitAfterClearPassed = await e.wait();
		ctx.log(say.after);
	},
	verdict(facts, _options, hang, env) {
		const say = lesson(env, 'event-basics').verdict;
		if (hang) return {code: 'hang', sentence: say.hang, broken: false, defect: true};
		return {code: 'no-hang', sentence: say.noHang(String(facts.waitAfterClearPassed)), broken: true, defect: false};
	},
};
