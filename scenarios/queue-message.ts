import {log, Process, Queue} from '../src/index.ts';
import type {Env, Facts, Scenario, ScenarioContext} from './kit/scenario.ts';
import {say} from './kit/scenario.ts';

const boyMessage = (env: Env) => say(env, 'lunch together?', '中午一起吃饭吗?');

export async function boy(q: Queue, env: Env): Promise<void> {
	await q.put(boyMessage(env));
}

export async function girl(q: Queue, env: Env): Promise<void> {
	const first = String(await q.get());
	log(`${say(env, 'message from the boy >>> ', '来自boy的信息>>> ')}${first}`, {message: first});
	const second = String(await q.get());
	log(`${say(env, "the teacher's stare >>> ", '来自班主任的凝视>>> ')}${second}`, {message: second});
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
	summary: 'a boy and the teacher send messages through one queue; the girl reads both',
	explain: [
		'Processes share no memory; a Queue carries messages between them.',
		'The boy puts "lunch together?"; the main process (the teacher) puts its message one second later;',
		'the girl get()s twice and receives both, in the order they were put.',
	],
	options: [],
	processes: () => 2,
	async main(ctx) {
		const q = new Queue({name: 'q'});
		const boyProc = new Process({module: import.meta.url, target: 'boy', args: [q, ctx.env], name: 'boy'});
		const girlProc = new Process({module: import.meta.url, target: 'girl', args: [q, ctx.env], name: 'girl'});
		await boyProc.start();
		await girlProc.start();
		await ctx.sleep(1000);
		await q.put(say(ctx.env, 'pay attention in class, no daydreaming!', '好好上课,别开小差!'));
		await boyProc.join();
		await girlProc.join();
		Object.assign(ctx.facts, messages(ctx), {left: (await q.info()).size});
	},
	// A run cut short still says what was sent and read so far.
	collect(ctx) {
		if (ctx.facts.sent === undefined) Object.assign(ctx.facts, messages(ctx));
	},
	verdict(facts) {
		if (facts.received !== facts.sent)
			return {code: 'lost-items', sentence: `${facts.sent} messages sent, ${facts.received} received`, broken: true, defect: true};
		if (facts.readOrder !== facts.putOrder)
			return {code: 'out-of-order', sentence: `put by ${facts.putOrder} but read from ${facts.readOrder}`, broken: true, defect: true};
		return {
			code: 'delivered',
			sentence: `both messages reached the girl in the order they were put (${facts.putOrder}); ${facts.left} left in the queue`,
			broken: false,
			defect: false,
		};
	},
};
