import fs from 'node:fs';
import path from 'node:path';
import {Event, Lock, log, Process, Queue} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, sleep} from './kit/scenario.ts';

function readDb(db: string): {count: number} {
	return JSON.parse(fs.readFileSync(db, 'utf8')) as {count: number};
}

/** One client: look at the tickets left, then try to buy one (the tutorial's `search()` and `get()`). */
export async function task(i: number, db: string, lock: Lock | null, go: Event, results: Queue, env: Env): Promise<void> {
	const say = lesson(env, 'ticket-grab').lines;
	await go.wait();
	log(say.left(readDb(db).count));
	if (lock) await lock.acquire();
	let bought = false;
	try {
		const dic = readDb(db);
		await sleep(env, 500); // read latency
		if (dic.count > 0) {
			dic.count -= 1;
			await sleep(env, 1000); // write latency
			fs.writeFileSync(db, JSON.stringify(dic));
			bought = true;
			// What this client wrote rides along, for a run cut short before main reads the file.
			log(say.bought(i), {bought: i, left: dic.count});
		}
	} finally {
		if (lock) await lock.release();
	}
	await results.put({i, bought});
}

export const scenario: Scenario = {
	name: 'ticket-grab',
	aliases: ['ticket'],
	primitive: 'Lock',
	programs: ['ticket-grab.py', 'ticket-grab-lock.py'],
	options: [
		{kind: 'flag', key: 'lock', flag: '--lock', description: 'hold a lock around read-modify-write'},
		{kind: 'count', key: 'clients', flag: '--clients <n>', default: 3, max: 64, description: 'client processes'},
		{kind: 'count', key: 'tickets', flag: '--tickets <n>', default: 1, min: 0, max: 1_000_000, description: 'tickets on sale'},
	],
	processes: options => Number(options.clients),
	startLine: 'start-line',
	async main(ctx) {
		const clients = Number(ctx.options.clients);
		const tickets = Number(ctx.options.tickets);
		const db = path.join(ctx.run.dir, 'db');
		fs.writeFileSync(db, JSON.stringify({count: tickets}));
		Object.assign(ctx.facts, {clients, available: tickets});
		const lock = ctx.options.lock ? new Lock({name: 'db-lock'}) : null;
		const go = new Event({name: 'start-line'});
		const results = new Queue({name: 'receipts'});
		const procs = Array.from(
			{length: clients},
			(_, i) => new Process({module: import.meta.url, target: 'task', args: [i, db, lock, go, results, ctx.env], name: `client-${i}`}),
		);
		await Promise.all(procs.map(proc => proc.start()));
		await go.set(); // every client opens the app at the same moment
		for (const proc of procs) await proc.join();
		let sold = 0;
		while (!(await results.empty())) if (((await results.getNowait()) as {bought: boolean}).bought) sold++;
		Object.assign(ctx.facts, {sold, left: readDb(db).count});
	},
	// A run cut short (Ctrl-C, the watchdog) never read the receipts and the file, which went with
	// the run's folder: count the purchases the clients reported, and the tickets left as the last one wrote.
	collect(ctx) {
		if (ctx.facts.sold !== undefined) return;
		const purchases = ctx.events.filter(event => event.type === 'log' && event.data && 'bought' in event.data);
		const last = purchases.at(-1);
		Object.assign(ctx.facts, {sold: purchases.length, left: last?.type === 'log' ? Number(last.data!.left) : Number(ctx.options.tickets)});
	},
	verdict(facts, options, _hang, env) {
		const say = lesson(env, 'ticket-grab').verdict;
		const sold = Number(facts.sold);
		const available = Number(facts.available);
		if (sold > available) {
			return {code: 'oversold', sentence: say.oversold(sold, available), broken: Boolean(options.lock), defect: true};
		}
		return {code: 'safe', sentence: say.safe(sold, available, Number(facts.left)), broken: false, defect: false};
	},
};
