import fs from 'node:fs';
import type {RunEvent} from '../run.ts';
import {toSpans} from './spans.ts';

/**
 * Write the run as Chrome trace-event JSON (Perfetto, chrome://tracing):
 * one track per process, spans for running, waiting and holding, instants
 * for the other sync operations and for log lines.
 */
export function writeTrace(file: string, events: readonly RunEvent[], endT: number, scenario: string): void {
	const {spans, lanes} = toSpans(events, endT);
	const us = (ms: number) => Math.round(ms * 1000);
	const traceEvents: object[] = [];
	for (const {proc, pid} of lanes) {
		traceEvents.push({ph: 'M', name: 'process_name', pid, tid: pid, args: {name: `${proc} (${pid})`}});
		traceEvents.push({ph: 'M', name: 'thread_name', pid, tid: pid, args: {name: proc}});
	}
	for (const span of spans) {
		traceEvents.push({ph: 'X', name: span.kind === 'run' ? span.proc : `${span.kind} ${span.label}`, cat: span.kind, pid: span.pid, tid: span.pid, ts: us(span.start), dur: Math.max(1, us(span.end - span.start))});
	}
	for (const event of events) {
		if (event.type === 'sync') traceEvents.push({ph: 'i', s: 't', name: `${event.op} ${event.kind} ${event.target}`, cat: 'sync', pid: event.pid, tid: event.pid, ts: us(event.t)});
		if (event.type === 'log') traceEvents.push({ph: 'i', s: 't', name: event.text, cat: 'log', pid: event.pid, tid: event.pid, ts: us(event.t)});
	}
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify({traceEvents, displayTimeUnit: 'ms', otherData: {scenario}}));
	fs.renameSync(tmp, file);
}
