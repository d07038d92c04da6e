import {Process, Queue, log} from '../src/index.ts';
import type {Env, Scenario} from '../src/scenario.ts';
import {say} from '../src/scenario.ts';

export async function boy(q: Queue, env: Env): Promise<void> {
	await q.put(say(env, 'lunch together?', '中午一起吃饭吗?'));
}

export async function girl(q: Queue, env: Env): Promise<void> {
	log(`${say(env, 'message from the boy >>> ', '来自boy的信息>>> ')}${String(await q.get())}`);
	log(`${say(env, 'the teacher\'s stare >>> ', '来自班主任的凝视>>> ')}${String(await q.get())}`);
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
		const received = ctx.events.filter(event => event.type === 'log' && event.proc === 'girl').length;
		Object.assign(ctx.facts, {sent: 2, received, left: ctx.run.broker.queueInfo(q.handle.id).size});
	},
	verdict(facts) {
		if (facts.received !== facts.sent) return {code: 'lost-items', sentence: `${facts.sent} messages sent, ${facts.received} received`, broken: true, defect: true};
		return {code: 'delivered', sentence: `both messages reached the girl; ${facts.left} left in the queue`, broken: false, defect: false};
	},
};
