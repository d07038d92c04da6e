import type {RunEvent} from '../run/run.ts';

/** `start`: waiting at a scenario's start line (an Event main sets once all are started), not contention. */
export type SpanKind = 'run' | 'wait' | 'hold' | 'start';

export interface Span {
	proc: string;
	pid: number;
	kind: SpanKind;
	/** What is waited on or held, e.g. `lock db-lock`. */
	label: string;
	start: number;
	end: number;
}

/** Operations that begin a wait (their end is one of WAIT_END). */
export const WAIT_START: ReadonlySet<string> = new Set(['acquire', 'get-wait', 'put-wait', 'wait', 'join-wait', 'recv-wait', 'poll-wait']);
const WAIT_END = new Set(['acquired', 'get', 'put', 'woke', 'timeout', 'joined', 'join-failed', 'broken', 'recv', 'eof']);

/** Turn a recorded event list into spans: each process's life, its waits, and what it held; waits on the event `startLine` are `start`. */
export function toSpans(events: readonly RunEvent[], endT: number, startLine?: string): {spans: Span[]; lanes: Array<{proc: string; pid: number}>} {
	const spans: Span[] = [];
	const lanes: Array<{proc: string; pid: number}> = [];
	const seen = new Set<string>();
	const open = new Map<string, Span>();
	const lane = (proc: string, pid: number) => {
		if (!seen.has(proc)) {
			seen.add(proc);
			lanes.push({proc, pid});
		}
	};
	const begin = (proc: string, pid: number, kind: SpanKind, label: string, t: number) => {
		const key = `${proc}\0${kind}\0${label}`;
		if (!open.has(key)) open.set(key, {proc, pid, kind, label, start: t, end: endT});
	};
	const finish = (proc: string, kind: SpanKind, label: string, t: number) => {
		const key = `${proc}\0${kind}\0${label}`;
		const span = open.get(key);
		if (!span) return;
		open.delete(key);
		span.end = t;
		spans.push(span);
	};
	for (const event of events) {
		lane(event.proc, event.pid);
		if (event.type === 'spawn') begin(event.proc, event.pid, 'run', 'alive', event.t);
		if (event.type === 'exit') {
			for (const [key, span] of open) {
				if (span.proc !== event.proc) continue;
				open.delete(key);
				span.end = event.t;
				spans.push(span);
			}
		}
		if (event.type !== 'sync') continue;
		const label = `${event.kind} ${event.target}`;
		const wait = event.kind === 'event' && event.target === startLine ? 'start' : 'wait';
		if (WAIT_START.has(event.op)) begin(event.proc, event.pid, wait, label, event.t);
		if (WAIT_END.has(event.op)) finish(event.proc, wait, label, event.t);
		if (event.op === 'acquired') begin(event.proc, event.pid, 'hold', label, event.t);
		if (event.op === 'release') finish(event.proc, 'hold', label, event.t);
		if (event.op === 'recovered' && typeof event.deadProc === 'string') finish(event.deadProc, 'hold', label, event.t);
	}
	for (const span of open.values()) spans.push(span);
	return {spans, lanes};
}
