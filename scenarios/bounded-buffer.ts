import {Condition, Event, log, Process, RLock, Value} from '../src/index.ts';
import type {Env, Scenario} from './kit/scenario.ts';
import {lesson, sleep} from './kit/scenario.ts';

/** The buffer's shared state, guarded by the condition's lock: a monitor. */
interface Buffer {
	cond: Condition;
	/** Items in the buffer now. */
	count: Value<'i'>;
	/** Items taken so far (a take from an empty buffer included): the consumers stop at `items`. */
	taken: Value<'i'>;
}

/**
 * A producer: `share` items, one every second, each put only while the
 * buffer has room. The producers take turns (producer i starts i/n s late),
 * so items come one at a time.
 */
export async function produce(i: number, producers: number, {cond, count}: Buffer, share: number, capacity: number, go: Event, env: Env): Promise<void> {
	const say = lesson(env, 'bounded-buffer').lines;
	await go.wait();
	await sleep(env, (i * 1000) / producers);
	for (let n = 0; n < share; n++) {
		await sleep(env, 1000);
		await cond.acquire();
		try {
			while (count.value >= capacity) await cond.wait();
			count.value += 1;
			log(say.put(i, count.value), {put: i, count: count.value});
			await cond.notifyAll();
		} finally {
			await cond.release();
		}
	}
}

/**
 * A consumer: wait while the buffer is empty, take an item, tell the
 * others. The condition is checked again after every wake-up (`while`);
 * with `--bug if` only once, before waiting (`if`): a consumer woken with
 * others by notifyAll() may find the item already gone, and takes anyway.
 */
export async function consume(i: number, {cond, count, taken}: Buffer, items: number, bug: boolean, go: Event, env: Env): Promise<void> {
	const say = lesson(env, 'bounded-buffer').lines;
	await go.wait();
	for (;;) {
		await cond.acquire();
		try {
			if (bug) {
				if (count.value === 0 && taken.value < items) await cond.wait();
			} else {
				while (count.value === 0 && taken.value < items) await cond.wait();
			}
			if (taken.value >= items) return;
			count.value -= 1;
			taken.value += 1;
			if (count.value < 0) log(say.underflow(i, count.value), {took: i, count: count.value});
			else log(say.took(i, count.value), {took: i, count: count.value});
			await cond.notifyAll();
		} finally {
			await cond.release();
		}
		await sleep(env, 200); // use the item
	}
}

export const scenario: Scenario = {
	name: 'bounded-buffer',
	aliases: ['condition'],
	primitive: 'Condition',
	more: true,
	// Beyond the tutorial: no program of its own to re-tell.
	programs: [],
	options: [
		{kind: 'count', key: 'producers', flag: '--producers <n>', default: 2, max: 16, description: 'producer processes'},
		{kind: 'count', key: 'consumers', flag: '--consumers <n>', default: 2, max: 16, description: 'consumer processes'},
		{kind: 'count', key: 'items', flag: '--items <n>', default: 10, max: 10_000, description: 'items produced in all'},
		{kind: 'count', key: 'capacity', flag: '--capacity <n>', default: 3, max: 1000, description: 'items the buffer holds'},
		{kind: 'choice', key: 'bug', flag: '--bug <where>', default: 'none', choices: ['none', 'if'], description: 'if: consumers wait under if, not while'},
	],
	check: options =>
		Number(options.items) < Number(options.producers) ? `--items must be at least --producers (${options.producers}), got ${options.items}` : null,
	processes: options => Number(options.producers) + Number(options.consumers),
	startLine: 'start-line',
	async main(ctx) {
		const producers = Number(ctx.options.producers);
		const consumers = Number(ctx.options.consumers);
		const items = Number(ctx.options.items);
		const capacity = Number(ctx.options.capacity);
		Object.assign(ctx.facts, {items, capacity});
		const buffer: Buffer = {
			cond: new Condition(new RLock({name: 'buffer-lock'}), {name: 'buffer'}),
			count: new Value('i', 0, {lock: false, name: 'count'}),
			taken: new Value('i', 0, {lock: false, name: 'taken'}),
		};
		const go = new Event({name: 'start-line'});
		// The items shared out: the first producers make one more when they do not divide evenly.
		const share = (i: number) => Math.floor(items / producers) + (i < items % producers ? 1 : 0);
		const procs = [
			...Array.from(
				{length: consumers},
				(_, i) =>
					new Process({module: import.meta.url, target: 'consume', args: [i, buffer, items, ctx.options.bug === 'if', go, ctx.env], name: `consumer-${i}`}),
			),
			...Array.from(
				{length: producers},
				(_, i) =>
					new Process({module: import.meta.url, target: 'produce', args: [i, producers, buffer, share(i), capacity, go, ctx.env], name: `producer-${i}`}),
			),
		];
		await Promise.all(procs.map(proc => proc.start()));
		await go.set();
		for (const proc of procs) await proc.join();
	},
	// From the lines as recorded: each put and take carries the count it left.
	collect(ctx) {
		const counts = (key: string) =>
			ctx.events.flatMap(event => (event.type === 'log' && typeof event.data?.[key] === 'number' ? [Number(event.data.count)] : []));
		const puts = counts('put');
		const takes = counts('took');
		const all = [...puts, ...takes];
		Object.assign(ctx.facts, {
			produced: puts.length,
			consumed: takes.length,
			takenFromEmpty: takes.filter(count => count < 0).length,
			lowestCount: all.length === 0 ? 0 : Math.min(...all),
			highestCount: all.length === 0 ? 0 : Math.max(...all),
		});
	},
	verdict(facts, options, hang, env) {
		const say = lesson(env, 'bounded-buffer').verdict;
		const bug = options.bug !== 'none';
		const fromEmpty = Number(facts.takenFromEmpty);
		if (fromEmpty > 0)
			return {code: 'underflow', sentence: say.underflow(fromEmpty, Number(facts.lowestCount)), broken: !bug, defect: true, ofHang: hang !== null};
		if (Number(facts.highestCount) > Number(facts.capacity))
			return {code: 'overflow', sentence: say.overflow(Number(facts.highestCount), Number(facts.capacity)), broken: true, defect: true};
		const items = Number(facts.items);
		if (Number(facts.produced) === items && Number(facts.consumed) === items)
			return {code: 'complete', sentence: bug ? say.completeByLuck(items) : say.complete(items, Number(facts.capacity)), broken: false, defect: false};
		return {code: 'incomplete', sentence: say.incomplete(Number(facts.produced), Number(facts.consumed), items), broken: true, defect: true};
	},
};
