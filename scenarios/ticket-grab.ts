import fs from 'node:fs';
import path from 'node:path';
import {Event, Lock, log, Process, Queue} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {say, sleep} from './kit/scenario.ts';

function readDb(db: string): {count: number} {
	return JSON.parse(fs.readFileSync(db, 'utf8')) as {count: number};
}

/** One client: look at the tickets left, then try to buy one (the tutorial's `search()` and `get()`). */
export async function task(i: number, db: string, lock: Lock | null, go: Event, results: Queue, env: Env): Promise<void> {
	await go.wait();
	log(say(env, `tickets left: ${readDb(db).count}`, `剩余票数${readDb(db).count}`));
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
			log(say(env, `client ${i} bought a ticket`, `${i}号用户购票成功`), {bought: i, left: dic.count});
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
	summary: 'clients race to buy the last ticket from a JSON file; a lock stops overselling',
	explain: [
		'A JSON file holds {"count": 1}. Each client reads it, waits 0.5 s (read latency), and if a ticket is left',
		'decrements, waits 1 s (write latency) and writes the file back.',
		'Without a lock every client reads count 1 before anyone writes: all of them buy the last ticket.',
		'With --lock the read-modify-write is serial: exactly one client buys it.',
	],
	options: [
		{kind: 'flag', key: 'lock', flag: '--lock', description: 'hold a lock around read-modify-write'},
		{kind: 'count', key: 'clients', flag: '--clients <n>', default: 3, max: 64, description: 'client processes'},
		{kind: 'count', key: 'tickets', flag: '--tickets <n>', default: 1, min: 0, max: 1_000_000, description: 'tickets on sale'},
	],
	processes: options => Number(options.clients),
	async main(ctx) {
		const clients = Number(ctx.options.clients);
		const tickets = Number(ctx.options.tickets);
		const db = path.join(ctx.run.dir, 'db');
		fs.writeFileSync(db, JSON.stringify({count: tickets}));
		Object.assign(ctx.facts, {clients, available: tickets});
		const lock = ctx.options.lock ? new Lock({name: 'db-lock'}) : null;
		const go = new Event({name: 'doors-open'});
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
	verdict(facts, options) {
		const sold = Number(facts.sold);
		const available = Number(facts.available);
		if (sold > available) {
			return {code: 'oversold', sentence: `${sold} tickets sold but only ${available} existed: the race oversold`, broken: Boolean(options.lock), defect: true};
		}
		return {code: 'safe', sentence: `${sold} of ${available} ticket(s) sold, ${facts.left} left: no ticket sold twice`, broken: false, defect: false};
	},
};
