import type {Catalogue} from '../lang/index.ts';
import {texts} from '../lang/index.ts';
import type {RunEvent} from '../run/run.ts';
import {toSpans} from './spans.ts';

export interface TimelineStyle {
	/** Paint a cell of a lane: `kind` is what the process was doing. */
	paint(kind: Cell, text: string): string;
	unicode: boolean;
	/** The legend's words, in the run's language (default English). */
	say?: Catalogue['tool']['timeline'];
}

/** What a cell shows; `both`: the process holds a lock or permit and waits for another (a deadlock's every member does). */
type Cell = 'run' | 'wait' | 'hold' | 'both' | 'start' | 'none';

const LABEL = 16;
const MAX_LANES = 24;

/**
 * A swimlane chart: one lane per process, time across, each cell showing
 * whether the process held a lock or permit, waited, or ran. Fits `width` columns.
 */
export function renderTimeline(events: readonly RunEvent[], endT: number, style: TimelineStyle, width = 80, startLine?: string): string[] {
	const {spans, lanes} = toSpans(events, endT, startLine);
	const say = style.say ?? texts('en').tool.timeline;
	const columns = Math.max(10, width - LABEL - 2);
	const glyph = style.unicode
		? {run: '─', wait: '░', hold: '█', both: '▓', start: '┄', none: ' '}
		: {run: '-', wait: '.', hold: '#', both: '%', start: '~', none: ' '};
	const scale = Math.max(endT, 1) / columns;
	const lines: string[] = [];
	let holdsAndWaits = false;
	for (const {proc} of lanes.slice(0, MAX_LANES)) {
		const cells: Cell[] = Array(columns).fill(proc === 'main' ? 'run' : 'none');
		const waits: boolean[] = Array(columns).fill(false);
		const rank = {none: 0, run: 1, start: 2, wait: 2, hold: 3, both: 4};
		for (const span of spans) {
			if (span.proc !== proc) continue;
			// A cell shows the instant at its middle, so a column never shows more holders than
			// there were at one moment (two processes handing over inside one cell do not both show).
			// A run or wait shorter than a cell still shows, in the cell of its own middle; a hold that
			// short does not, lest it stand next to the next holder's in one column.
			let from = Math.max(0, Math.ceil(span.start / scale - 0.5));
			let to = Math.min(columns - 1, Math.ceil(span.end / scale - 0.5) - 1);
			if (from > to && span.kind !== 'hold') from = to = Math.min(columns - 1, Math.floor((span.start + span.end) / 2 / scale));
			for (let c = from; c <= to; c++) {
				if (span.kind === 'wait') waits[c] = true;
				if (rank[span.kind] > rank[cells[c]!]) cells[c] = span.kind;
			}
		}
		for (let c = 0; c < columns; c++) if (cells[c] === 'hold' && waits[c]) cells[c] = 'both';
		holdsAndWaits ||= cells.includes('both');
		let row = '';
		for (let c = 0; c < columns; ) {
			let d = c;
			while (d < columns && cells[d] === cells[c]) d++;
			row += style.paint(cells[c]!, glyph[cells[c]!].repeat(d - c));
			c = d;
		}
		const name = proc.length > LABEL - 1 ? `${proc.slice(0, LABEL - 2)}…` : proc;
		lines.push(`${name.padEnd(LABEL)}${style.unicode ? '│' : '|'}${row}${style.unicode ? '│' : '|'}`);
	}
	if (lanes.length > MAX_LANES) lines.push(`${''.padEnd(LABEL)} ${say.more(lanes.length - MAX_LANES)}`);
	const seconds = (endT / 1000).toFixed(2);
	lines.push(`${''.padEnd(LABEL)} 0s${`${seconds}s`.padStart(columns - 1)}`);
	const started = spans.some(span => span.kind === 'start');
	lines.push(
		`${''.padEnd(LABEL)} ${style.paint('hold', glyph.hold)} ${say.hold}  ${style.paint('wait', glyph.wait)} ${say.wait}  ${style.paint('run', glyph.run)} ${say.run}${started ? `  ${style.paint('start', glyph.start)} ${say.start}` : ''}`,
	);
	if (holdsAndWaits) lines.push(`${''.padEnd(LABEL)} ${style.paint('both', glyph.both)} ${say.both}`);
	return lines;
}
