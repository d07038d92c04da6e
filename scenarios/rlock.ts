import {Lock, log, Process, RLock} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson} from './kit/scenario.ts';

/**
 * The worker: a recursive function that takes the lock at every level, the
 * way a method holding a lock calls another method that takes it too. With
 * a Lock the second acquire() waits for the worker itself, for ever; an
 * RLock lets its holder take it again, and counts the depth.
 */
export async function work(lock: Lock | RLock, depth: number, env: Env): Promise<void> {
	const say = lesson(env, 'rlock').lines;
	async function visit(level: number): Promise<void> {
		log(say.takes(level));
		await lock.acquire();
		log(say.took(level, lock instanceof RLock ? lock.depth : 1), {level});
		try {
			if (level < depth) await visit(level + 1);
		} finally {
			await lock.release();
		}
		log(say.released(level), {released: level});
	}
	await visit(1);
}

export const scenario: Scenario = {
	name: 'rlock',
	aliases: ['reentrant'],
	primitive: 'RLock',
	more: true,
	// Beyond the tutorial: no program of its own to re-tell.
	programs: [],
	options: [
		{kind: 'flag', key: 'rlock', flag: '--rlock', description: 'a reentrant lock (RLock) instead of a Lock'},
		{kind: 'count', key: 'depth', flag: '--depth <n>', default: 3, max: 100, description: 'levels of the recursion, each taking the lock'},
	],
	processes: () => 1,
	async main(ctx) {
		const depth = Number(ctx.options.depth);
		ctx.facts.depth = depth;
		const lock = ctx.options.rlock ? new RLock({name: 'L'}) : new Lock({name: 'L'});
		const worker = new Process({module: import.meta.url, target: 'work', args: [lock, depth, ctx.env], name: 'worker'});
		await worker.start();
		await worker.join();
	},
	// From the recorded lines and lock events: how deep the worker got, how many levels let go, and
	// whether it waited for the lock while holding it itself (until the run stopped it).
	collect(ctx) {
		let deepest = 0;
		let released = 0;
		let holding = false;
		let waitedForItself = false;
		for (const event of ctx.events) {
			if (event.proc !== 'worker') continue;
			if (event.type === 'exit' || (event.type === 'sync' && event.op === 'recovered')) break;
			if (event.type === 'log' && typeof event.data?.level === 'number') deepest = Math.max(deepest, event.data.level);
			if (event.type === 'log' && typeof event.data?.released === 'number') released++;
			if (event.type !== 'sync' || event.target !== 'L') continue;
			if (event.op === 'acquire' && holding) waitedForItself = true;
			if (event.op === 'acquired') holding = true;
			if (event.op === 'release') holding = false;
		}
		Object.assign(ctx.facts, {deepest, released, waitedForItself});
	},
	verdict(facts, options, hang, env) {
		const say = lesson(env, 'rlock').verdict;
		const depth = Number(facts.depth);
		if (facts.waitedForItself && hang)
			return {code: 'self-deadlock', sentence: say.selfDeadlock(Number(facts.deepest)), broken: Boolean(options.rlock), defect: true, ofHang: true};
		if (Number(facts.deepest) === depth && Number(facts.released) === depth)
			return {code: 'reentered', sentence: say.reentered(depth), broken: false, defect: false};
		return {code: 'stuck', sentence: say.stuck(Number(facts.deepest), depth), broken: true, defect: true};
	},
};
