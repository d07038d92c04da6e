import type {Queue} from '../../src/index.ts';
import type {RunEvent} from '../../src/run/run.ts';
import type {Env, Facts, ScenarioContext, Verdict} from './scenario.ts';
import {tool} from './scenario.ts';

/**
 * Producer/consumer bookkeeping from the run's log lines: producers attach
 * `{made: key}`, consumers `{took: key}`. Counted in the main process from
 * recorded events, so a hung or interrupted run still has its facts.
 */
export function ledger(events: readonly RunEvent[]): {produced: number; consumed: number; consumedTwice: number; left: number} {
	const made = new Set<string>();
	const took = new Map<string, number>();
	for (const event of events) {
		if (event.type !== 'log' || !event.data) continue;
		if ('made' in event.data) made.add(String(event.data.made));
		if ('took' in event.data) took.set(String(event.data.took), (took.get(String(event.data.took)) ?? 0) + 1);
	}
	let consumedTwice = 0;
	for (const n of took.values()) if (n > 1) consumedTwice += n - 1;
	const left = [...made].filter(key => !took.has(key)).length;
	return {produced: made.size, consumed: took.size, consumedTwice, left};
}

/** Main's last look at the queue: how many items are still in it (`inQueue`), so items never taken are told apart from items lost. */
export async function countLeft(ctx: ScenarioContext, queue: Queue): Promise<void> {
	ctx.facts.inQueue = (await queue.info()).size;
}

/** The delivery facts of a run, after `first`; main's count of the queue (`inQueue`, if it got to it) last. */
export function collectDelivery(ctx: ScenarioContext, first: Facts = {}): void {
	const {inQueue} = ctx.facts;
	delete ctx.facts.inQueue;
	Object.assign(ctx.facts, first, ledger(ctx.events), inQueue === undefined ? {} : {inQueue});
}

/**
 * Verdict of the producer/consumer lessons. Items made and never taken are
 * `left-in-queue` when the queue still holds them (`inQueue`, when main got
 * to count it), `lost-items` when it does not; a run where every live
 * process blocked for good is a `hang`. `leftIsLesson` and `hangIsLesson`
 * say which of them the version shows on purpose (exit 0 rather than 1).
 */
export function deliveryVerdict(facts: Facts, hang: string | null, env: Env, {hangIsLesson = false, leftIsLesson = false} = {}): Verdict {
	const say = tool(env).delivery;
	const left = Number(facts.left);
	const counts = say.counts(Number(facts.produced), Number(facts.consumed), left, Number(facts.consumedTwice));
	if (Number(facts.consumedTwice) > 0) return {code: 'duplicated', sentence: say.duplicated(counts), broken: true, defect: true};
	if (hang) return {code: 'hang', sentence: say.hang(counts), broken: !hangIsLesson, defect: true};
	if (typeof facts.inQueue === 'number' && facts.inQueue < left)
		return {code: 'lost-items', sentence: say.lost(counts, left - facts.inQueue), broken: true, defect: true};
	if (left > 0) return {code: 'left-in-queue', sentence: say.leftInQueue(counts, left), broken: !leftIsLesson, defect: true};
	return {code: 'complete', sentence: say.complete(counts), broken: false, defect: false};
}
