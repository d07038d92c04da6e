import {Event} from '../src/index.ts';
import type {Scenario} from './kit/scenario.ts';
import {say} from './kit/scenario.ts';

export const scenario: Scenario = {
	name: 'event-basics',
	aliases: ['event'],
	primitive: 'Event',
	summary: 'isSet/set/clear, then wait(): passes when set, blocks forever when clear',
	explain: [
		'An Event is a flag: isSet() reads it, set() raises it, clear() lowers it.',
		'wait() returns at once while the flag is up; while it is down, wait() blocks until someone calls set().',
		'The last part calls wait() after clear() with nobody left to set it: Python hangs there forever;',
		'sync-demo detects the hang, names the waiter, and ends the run.',
	],
	options: [],
	processes: () => 0,
	hangHint: 'wait() on a cleared event returns only after someone calls set(); here nobody is left who could',
	async main(ctx) {
		const py = (value: boolean) => say(ctx.env, `isSet(): ${value}`, value ? 'True' : 'False');
		const e = new Event({name: 'e'});
		ctx.log(py(await e.isSet()));
		await e.set();
		ctx.log(py(await e.isSet()));
		await e.clear();
		ctx.log(py(await e.isSet()));

		await e.set();
		ctx.log(py(await e.isSet()));
		ctx.log(say(ctx.env, 'before wait()', '我在wait之前!'));
		ctx.facts.waitAfterSetPassed = await e.wait();
		ctx.log(say(ctx.env, 'after wait()', '我在wait之后!'));

		await e.set();
		ctx.log(py(await e.isSet()));
		await e.clear();
		ctx.log(py(await e.isSet()));
		ctx.log(say(ctx.env, 'before wait()', '我在wait之前!'));
		ctx.facts.waitAfterClearPassed = false;
		ctx.facts.waitAfterClearPassed = await e.wait();
		ctx.log(say(ctx.env, 'after wait()', '我在wait之后!'));
	},
	verdict(facts, _options, hang) {
		if (hang)
			return {
				code: 'hang',
				sentence: `wait() after set() passed; wait() after clear() blocked forever, and nobody was left to set the event`,
				broken: false,
				defect: true,
			};
		return {code: 'no-hang', sentence: `wait() after clear() returned ${facts.waitAfterClearPassed}`, broken: true, defect: false};
	},
};
