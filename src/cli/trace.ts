import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {fsReason} from '../errors.ts';
import type {RunEvent} from '../run/run.ts';
import {toSpans} from './spans.ts';

/** The file the trace is written to first, then renamed over the target. */
/** A new temp file beside `file`, under a name nobody can guess, created here and now (never through a planted symlink). */
function createTemp(file: string): {name: string; fd: number} {
	const name = `${file}.${randomBytes(6).toString('hex')}.tmp`;
	const {O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW} = fs.constants;
	return {name, fd: fs.openSync(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)};
}

/**
 * Why the trace could not be written to `file`, or null. Checked before the
 * run starts: the target must be a regular file or not exist yet, and the
 * temp file the writer uses must be creatable next to it (created and removed).
 */
export function traceTargetProblem(file: string): string | null {
	const target = path.resolve(file);
	const dir = path.dirname(target);
	if (!fs.existsSync(dir)) return `folder ${dir} does not exist`;
	try {
		const stat = fs.statSync(target);
		if (!stat.isFile()) return `${file} is ${stat.isDirectory() ? 'a directory' : 'not a regular file'}`;
	} catch {
		// Not there yet (or its folder is not one): the probe below tells.
	}
	try {
		const probe = createTemp(target);
		fs.closeSync(probe.fd);
		fs.unlinkSync(probe.name);
	} catch (error) {
		return `cannot create a file in ${dir}: ${fsReason(error)}`;
	}
	return null;
}

/**
 * Write the run as Chrome trace-event JSON (Perfetto, chrome://tracing):
 * one track per process, spans for running, waiting and holding, instants
 * for the other sync operations and for log lines. On failure the temp file
 * is removed and the error says why in a few words.
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
		traceEvents.push({
			ph: 'X',
			name: span.kind === 'run' ? span.proc : `${span.kind} ${span.label}`,
			cat: span.kind,
			pid: span.pid,
			tid: span.pid,
			ts: us(span.start),
			dur: Math.max(1, us(span.end - span.start)),
		});
	}
	for (const event of events) {
		if (event.type === 'sync')
			traceEvents.push({ph: 'i', s: 't', name: `${event.op} ${event.kind} ${event.target}`, cat: 'sync', pid: event.pid, tid: event.pid, ts: us(event.t)});
		if (event.type === 'log') traceEvents.push({ph: 'i', s: 't', name: event.text, cat: 'log', pid: event.pid, tid: event.pid, ts: us(event.t)});
	}
	let tmp: {name: string; fd: number} | undefined;
	try {
		tmp = createTemp(file);
		fs.writeFileSync(tmp.fd, JSON.stringify({traceEvents, displayTimeUnit: 'ms', otherData: {scenario}}));
		fs.closeSync(tmp.fd);
		fs.renameSync(tmp.name, file);
	} catch (error) {
		// Only a file this process created goes.
		if (tmp) {
			try {
				fs.closeSync(tmp.fd);
			} catch {}
			try {
				fs.unlinkSync(tmp.name);
			} catch {}
		}
		throw new Error(`cannot write ${file}: ${fsReason(error)}`, {cause: error});
	}
}
