import type {Connection} from '../src/index.ts';
import {EOFError, log, Pipe, Process, ValueError} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson} from './kit/scenario.ts';

/** A message: its number, and its words in the run's language. */
interface Message {
	n: number;
	text: string;
}

/** The pinger: send ping n, wait for pong n, `messages` times; then close its end. */
export async function ping(end: Connection, messages: number, env: Env): Promise<void> {
	const say = lesson(env, 'pipe').lines;
	for (let n = 1; n <= messages; n++) {
		const message: Message = {n, text: say.ping(n)};
		await end.send(message);
		log(say.sent(message.text), {sent: message.text});
		const reply = await end.recv<Message>();
		log(say.got(reply.text), {got: reply.text});
	}
	await end.close();
	log(say.closed);
}

/** The ponger: answer each ping n with pong n until recv() raises EOFError (the other end closed). */
export async function pong(end: Connection, env: Env): Promise<void> {
	const say = lesson(env, 'pipe').lines;
	for (;;) {
		let message: Message;
		try {
			message = await end.recv<Message>();
		} catch (error) {
			if (!(error instanceof EOFError)) throw error;
			log(say.eof, {eof: true});
			return;
		}
		log(say.got(message.text), {got: message.text});
		const reply: Message = {n: message.n, text: say.pong(message.n)};
		await end.send(reply);
		log(say.sent(reply.text), {sent: reply.text});
	}
}

/** One way: the writer sends every message, then closes its end. */
export async function write(end: Connection, messages: number, env: Env): Promise<void> {
	const say = lesson(env, 'pipe').lines;
	try {
		await end.recv();
	} catch (error) {
		if (!(error instanceof ValueError)) throw error;
		log(say.cannot('recv()'), {refused: 'recv'});
	}
	for (let n = 1; n <= messages; n++) {
		await end.send(say.message(n));
		log(say.sent(say.message(n)), {sent: say.message(n)});
	}
	await end.close();
	log(say.closed);
}

/** One way: the reader receives until EOFError. */
export async function read(end: Connection, env: Env): Promise<void> {
	const say = lesson(env, 'pipe').lines;
	try {
		await end.send(say.message(0));
	} catch (error) {
		if (!(error instanceof ValueError)) throw error;
		log(say.cannot('send()'), {refused: 'send'});
	}
	for (;;) {
		try {
			const message = await end.recv<string>();
			log(say.got(message), {got: message});
		} catch (error) {
			if (!(error instanceof EOFError)) throw error;
			log(say.eof, {eof: true});
			return;
		}
	}
}

export const scenario: Scenario = {
	name: 'pipe',
	aliases: ['ping-pong'],
	primitive: 'Pipe',
	more: true,
	// Beyond the tutorial: no program of its own to re-tell.
	programs: [],
	options: [
		{kind: 'count', key: 'messages', flag: '--messages <n>', default: 5, max: 10_000, description: 'messages each way'},
		{kind: 'flag', key: 'oneWay', flag: '--one-way', description: 'Pipe({duplex: false}): a read-only and a write-only end'},
	],
	processes: () => 2,
	async main(ctx) {
		const messages = Number(ctx.options.messages);
		const oneWay = Boolean(ctx.options.oneWay);
		Object.assign(ctx.facts, {messages});
		const [a, b] = Pipe({duplex: !oneWay, name: 'ping-pong'});
		const procs = oneWay
			? [
					new Process({module: import.meta.url, target: 'read', args: [a, ctx.env], name: 'reader'}),
					new Process({module: import.meta.url, target: 'write', args: [b, messages, ctx.env], name: 'writer'}),
				]
			: [
					new Process({module: import.meta.url, target: 'ping', args: [a, messages, ctx.env], name: 'pinger'}),
					new Process({module: import.meta.url, target: 'pong', args: [b, ctx.env], name: 'ponger'}),
				];
		for (const proc of procs) await proc.start();
		// As in Python, main holds both ends until it closes them: without this the reader never sees EOF.
		await a.close();
		await b.close();
		for (const proc of procs) await proc.join();
	},
	collect(ctx) {
		const by = (proc: string, key: string) =>
			ctx.events.flatMap(event => (event.type === 'log' && event.proc === proc && event.data?.[key] !== undefined ? [event.data[key]] : []));
		const oneWay = Boolean(ctx.options.oneWay);
		const [left, right] = oneWay ? ['writer', 'reader'] : ['pinger', 'ponger'];
		Object.assign(ctx.facts, {
			sent: by(left, 'sent').length + by(right, 'sent').length,
			received: by(left, 'got').length + by(right, 'got').length,
			inOrder: oneWay
				? JSON.stringify(by('reader', 'got')) === JSON.stringify(by('writer', 'sent'))
				: JSON.stringify(by('ponger', 'got')) === JSON.stringify(by('pinger', 'sent')) &&
					JSON.stringify(by('pinger', 'got')) === JSON.stringify(by('ponger', 'sent')),
			eofSeen: by(right, 'eof').length === 1,
			refused: oneWay ? ctx.events.filter(event => event.type === 'log' && event.data?.refused !== undefined).length : 0,
		});
	},
	verdict(facts, options, _hang, env) {
		const say = lesson(env, 'pipe').verdict;
		const messages = Number(facts.messages);
		const expected = options.oneWay ? messages : 2 * messages;
		if (Number(facts.received) !== expected || Number(facts.sent) !== expected)
			return {code: 'lost', sentence: say.lost(Number(facts.sent), Number(facts.received), expected), broken: true, defect: true};
		if (!facts.inOrder) return {code: 'out-of-order', sentence: say.outOfOrder, broken: true, defect: true};
		if (!facts.eofSeen) return {code: 'no-eof', sentence: say.noEof, broken: true, defect: true};
		if (options.oneWay && Number(facts.refused) !== 2) return {code: 'ends-not-one-way', sentence: say.notOneWay, broken: true, defect: true};
		return {code: 'exchanged', sentence: options.oneWay ? say.oneWay(messages) : say.exchanged(messages), broken: false, defect: false};
	},
};
