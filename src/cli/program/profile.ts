/**
 * A program's sync profile, from the events its run recorded: per
 * primitive and per process. Driven by the events' kind, op and target
 * alone (and the spans the timeline draws from them), so a new kind of
 * primitive is profiled without a line here.
 */
import type {RunEvent} from '../../run/run.ts';
import type {Span} from '../spans.ts';
import {toSpans, WAIT_START} from '../spans.ts';

export interface PrimitiveProfile {
	kind: string;
	name: string;
	/** Calls made on it (items, for calls that move several). */
	operations: number;
	/** Calls that had to wait, how long in all, and the longest. */
	waits: number;
	waitedMs: number;
	longestWaitMs: number;
	/** Most processes holding it at once (what is acquired and released: locks, semaphores). */
	peakHolders?: number;
	/** Most items in it at once (queues). */
	peakSize?: number;
}

export interface ProcessProfile {
	proc: string;
	pid: number;
	/** From its start to its exit (main: the whole run). */
	ranMs: number;
	/** Time spent waiting on anything. */
	blockedMs: number;
	/** What it waited on (`lock db`, `queue q`, `process worker-1`), longest first. */
	blockedOn: Array<{on: string; ms: number}>;
}

export interface Profile {
	primitives: PrimitiveProfile[];
	processes: ProcessProfile[];
}

/** Sync events that the broker reports about a primitive rather than calls made on it. */
const NOTES = new Set(['recovered', 'unknown-owner', 'abandoned', 'join-failed']);
/** Waits on a process (`join()`) belong to the waiting process's profile, not to a primitive's. */
const NOT_A_PRIMITIVE = 'process';

const ms = (value: number) => Math.round(value * 10) / 10;

/** The profile of a run that lasted `endT` ms; `main` names the main process, always listed first. */
export function profile(events: readonly RunEvent[], endT: number, main: {proc: string; pid: number}): Profile {
	const {spans, lanes} = toSpans(events, endT);
	return {primitives: primitives(events, spans), processes: processes(spans, lanes, endT, main)};
}

function primitives(events: readonly RunEvent[], spans: readonly Span[]): PrimitiveProfile[] {
	const byLabel = new Map<string, PrimitiveProfile>();
	for (const event of events) {
		if (event.type !== 'sync' || event.kind === NOT_A_PRIMITIVE) continue;
		const label = `${event.kind} ${event.target}`;
		let entry = byLabel.get(label);
		if (!entry) {
			entry = {kind: event.kind, name: event.target, operations: 0, waits: 0, waitedMs: 0, longestWaitMs: 0};
			byLabel.set(label, entry);
		}
		if (!WAIT_START.has(event.op) && !NOTES.has(event.op)) entry.operations += typeof event.n === 'number' ? event.n : 1;
		if (typeof event.holders === 'number') entry.peakHolders = Math.max(entry.peakHolders ?? 0, event.holders);
		if (typeof event.size === 'number') entry.peakSize = Math.max(entry.peakSize ?? 0, event.size);
	}
	for (const [label, entry] of byLabel) {
		const waits = spans.filter(span => span.kind === 'wait' && span.label === label);
		entry.waits = waits.length;
		entry.waitedMs = ms(waits.reduce((sum, span) => sum + (span.end - span.start), 0));
		entry.longestWaitMs = ms(Math.max(0, ...waits.map(span => span.end - span.start)));
		const holds = spans.filter(span => span.kind === 'hold' && span.label === label);
		if (holds.length > 0) entry.peakHolders = Math.max(entry.peakHolders ?? 0, peakOverlap(holds));
	}
	return [...byLabel.values()];
}

function processes(
	spans: readonly Span[],
	lanes: ReadonlyArray<{proc: string; pid: number}>,
	endT: number,
	main: {proc: string; pid: number},
): ProcessProfile[] {
	const all = [main, ...lanes.filter(lane => lane.proc !== main.proc)];
	return all.map(({proc, pid}) => {
		const life = spans.find(span => span.proc === proc && span.kind === 'run');
		const waits = spans.filter(span => span.proc === proc && span.kind === 'wait');
		const on = new Map<string, number>();
		for (const span of waits) on.set(span.label, (on.get(span.label) ?? 0) + span.end - span.start);
		return {
			proc,
			pid,
			ranMs: ms(proc === main.proc ? endT : life ? life.end - life.start : 0),
			blockedMs: ms(unionLength(waits)),
			blockedOn: [...on].map(([label, total]) => ({on: label, ms: ms(total)})).sort((a, b) => b.ms - a.ms),
		};
	});
}

/** Most spans open at one instant (an end at t comes before a start at t: a hand-over is not an overlap). */
function peakOverlap(spans: readonly Span[]): number {
	const edges = spans.flatMap(span => [
		[span.start, 1],
		[span.end, -1],
	]) as Array<[number, number]>;
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let open = 0;
	let peak = 0;
	for (const [, delta] of edges) {
		open += delta;
		peak = Math.max(peak, open);
	}
	return peak;
}

/** Time covered by at least one of the spans. */
function unionLength(spans: readonly Span[]): number {
	const sorted = [...spans].sort((a, b) => a.start - b.start);
	let total = 0;
	let end = -Infinity;
	for (const span of sorted) {
		if (span.end <= end) continue;
		total += span.end - Math.max(span.start, end);
		end = span.end;
	}
	return total;
}
