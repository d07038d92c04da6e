import type {RunEvent} from '../../src/run/run.ts';
import type {Facts, Verdict} from './scenario.ts';

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
export function deliveryVerdict(facts: Facts, hang: string | null, {hangIsLesson = false, lossIsLesson = false} = {}): Verdict {
	const counts = `produced ${facts.produced}, consumed ${facts.consumed}, left ${facts.left}, consumed twice ${facts.consumedTwice}`;
	if (Number(facts.consumedTwice) > 0) return {code: 'duplicated', sentence: `an item was taken twice: ${counts}`, broken: true, defect: true};
	if (hang) return {code: 'hang', sentence: `${counts}; then every live process was blocked for good (the run hung)`, broken: !hangIsLesson, defect: true};
	if (Number(facts.left) > 0) return {code: 'lost-items', sentence: `${counts}: items were left behind`, broken: !lossIsLesson, defect: true};
	return {code: 'complete', sentence: `${counts}: every item consumed exactly once`, broken: false, defect: false};
}
