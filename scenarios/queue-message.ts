import {log, Process, Queue} from '../src/index.ts';
import type {Env, Facts, Scenario, ScenarioContext} from './kit/scenario.ts';
import {lesson} from './kit/scenario.ts';

const boyMessage = (env: Env) => lesson(env, 'queue-message').lines.boyMessage;

export async function boy(q: Queue, env: Env): Promise<void> {
	await q.put(boyMessage(env));
}

export async function girl(q: Queue, env: Env): Promise<void> {
	const say = lesson(env, 'queue-message').lines;
	const first = String(await q.get());
	log(`${say.fromBoy}${first}`, {message: first});
	const second = String(await q.get());
	log(`${say.teacherStare}${second}`, {message: second});
}

/** Who put, in the order the queue took the messages, and who sent each message the girl read. */
function messages(ctx: ScenarioContext): Facts {
	const putters = ctx.events.flatMap(event =>
		event.type === 'sync' && event.kind === 'queue' && event.target === 'q' && event.op === 'put' ? Array<string>(Number(event.n ?? 1)).fill(event.proc) : [],
	);
	const senders = ctx.events.flatMap(event =>
		event.type === 'log' && event.proc === 'girl' && event.data ? [event.data.message === boyMessage(ctx.env) ? 'boy' : 'main'] : [],
	);
	return {sent: putters.length, received: senders.length, putOrder: putters.join(' → '), readOrder: senders.join(' → ')};
}

export const scenario: Scenario = {
	name: 'queue-message',
	aliases: ['message'],
	primitive: 'Queue',
	programs: ['queue-message.py'],
	options: [],
	processes: () => 2,
	async main(ctx) {
		const q = new Queue({name: 'q'});
		const boyProc = new Process({module: import.meta.url, target: 'boy', args: [q, ctx.env], name: 'boy'});
		const girlProc = new Process({module: import.meta.url, target: 'girl', args: [q, ctx.env], name: 'girl'});
		await boyProc.start();
		await girlProc.start();
		await ctx.sleep(1000);
		await q.put(lesson(ctx.env, 'queue-message').lines.teacherMessage);
		await boyProc.join();
		await girlProc.join();
		Object.assign(ctx.facts, messages(ctx), {left: (await q.info()).size});
	},
	// A run cut short still says what was sent and read so far.
	collect(ctx) {
		if (ctx.facts.sent === undefined) Object.assign(ctx.facts, messages(ctx));
	},
	verdict(facts, _options, _hang, env) {
		const say = lesson(env, 'queue-message').verdict;
		if (facts.received !== facts.sent) return {code: 'lost-items', sentence: say.lost(Number(facts.sent), Number(facts.received)), broken: true, defect: true};
		if (facts.readOrder !== facts.putOrder)
			return {code: 'out-of-order', sentence: say.outOfOrder(String(facts.putOrder), String(facts.readOrder)), broken: true, defect: true};
		return {
			code: 'delivered',
			sentence: say.delivered(String(facts.putOrder), Number(facts.left)),
			broken: false,
			defect: false,
		};
	},
};
