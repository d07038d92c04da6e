import type {RunEvent} from '../../src/run/run.ts';
import type {Env, Facts, Verdict} from './scenario.ts';
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

/** Verdict of the producer/consumer lessons; `lossIsLesson` when leaving items behind is what the version shows. */
export function deliveryVerdict(facts: Facts, hang: string | null, env: Env, {hangIsLesson = false, lossIsLesson = false} = {}): Verdict {
	const say = tool(env).delivery;
	const counts = say.counts(Number(facts.produced), Number(facts.consumed), Number(facts.left), Number(facts.consumedTwice));
	if (Number(facts.consumedTwice) > 0) return {code: 'duplicated', sentence: say.duplicated(counts), broken: true, defect: true};
	if (hang) return {code: 'hang', sentence: say.hang(counts), broken: !hangIsLesson, defect: true};
	if (Number(facts.left) > 0) return {code: 'lost-items', sentence: say.left(counts), broken: !lossIsLesson, defect: true};
	return {code: 'complete', sentence: say.complete(counts), broken: false, defect: false};
}
