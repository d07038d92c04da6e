import {log, Process, Queue} from '../src/index.ts';
import {collectDelivery, countLeft, deliveryVerdict} from './kit/ledger.ts';
import type {Scenario} from './kit/scenario.ts';

/** Python's `time.asctime()`: "Sat Nov 28 15:38:07 2026" (the day padded to two places). */
function asctime(date = new Date()): string {
	const [weekday, month] = [date.toString().slice(0, 3), date.toString().slice(4, 7)];
	return `${weekday} ${month} ${String(date.getDate()).padStart(2)} ${date.toTimeString().slice(0, 8)} ${date.getFullYear()}`;
}

export async function inputQ(queue: Queue): Promise<void> {
	const info = `${process.pid}(put):${asctime()}`;
	await queue.put(info);
	// As in the tutorial, the putter prints nothing; the item rides along as a fact.
	log('', {made: info});
}

export async function outputQ(queue: Queue): Promise<void> {
	const info = String(await queue.get());
	log(`${process.pid}(get):${info}`, {took: info});
}

export const scenario: Scenario = {
	name: 'queue-safety',
	aliases: ['safety'],
	primitive: 'Queue',
	programs: ['queue-safety.py'],
	options: [
		{kind: 'count', key: 'putters', flag: '--putters <n>', default: 10, max: 64, description: 'putter processes'},
		{kind: 'count', key: 'getters', flag: '--getters <n>', default: 10, max: 64, description: 'getter processes'},
		{kind: 'count', key: 'maxsize', flag: '--maxsize <n>', default: 3, min: 0, max: 10_000, description: 'queue bound (0 = unbounded)'},
	],
	processes: options => Number(options.putters) + Number(options.getters),
	async main(ctx) {
		const {putters, getters, maxsize} = ctx.options as Record<string, number>;
		const queue = new Queue({maxsize: maxsize!, name: 'q'});
		const procs = [
			...Array.from({length: putters!}, (_, i) => new Process({module: import.meta.url, target: 'inputQ', args: [queue], name: `putter-${i}`})),
			...Array.from({length: getters!}, (_, i) => new Process({module: import.meta.url, target: 'outputQ', args: [queue], name: `getter-${i}`})),
		];
		await Promise.all(procs.map(proc => proc.start()));
		for (const proc of procs) await proc.join();
		await countLeft(ctx, queue);
	},
	collect(ctx) {
		collectDelivery(ctx, {putters: ctx.options.putters!, getters: ctx.options.getters!});
	},
	verdict(facts, options, hang, env) {
		// Uneven counts end as the tutorial's program would: more putters leave items in the queue (or,
		// beyond what it holds, wait for good on a full one), more getters wait for good on an empty one.
		// Either is what the counts show, not a broken queue.
		const putters = Number(options.putters);
		const getters = Number(options.getters);
		return deliveryVerdict(facts, hang, env, {leftIsLesson: putters > getters, hangIsLesson: putters !== getters});
	},
};
