/** The sync profile as two tables, primitives then processes, in the run's language and within the printer's width. */
import Table from 'cli-table3';
import type {Catalogue} from '../../lang/index.ts';
import type {Printer} from '../output.ts';
import {displayWidth, wrap} from '../text.ts';
import type {ProcessProfile, Profile} from './profile.ts';

/** `kind name` with the kind named in the run's language. */
function labelOf(label: string, kinds: Record<string, string>): string {
	const space = label.indexOf(' ');
	const kind = space < 0 ? label : label.slice(0, space);
	return `${kinds[kind] ?? kind}${space < 0 ? '' : label.slice(space)}`;
}

/**
 * A compact table (no line between rows, as the scenarios' facts) that fits
 * `width`: while it is too wide, its widest column gives up columns and its
 * cells wrap.
 */
function fitted(head: readonly string[], rows: ReadonlyArray<readonly string[]>, width: number): string {
	const widths = head.map((title, i) => Math.max(displayWidth(title), ...rows.map(row => displayWidth(row[i]!))));
	// Each column takes two columns of padding and one of border, plus the last border.
	let excess = widths.reduce((sum, w) => sum + w + 3, 1) - width;
	while (excess > 0) {
		const widest = widths.indexOf(Math.max(...widths));
		if (widths[widest]! <= 6) break;
		const cut = Math.min(excess, widths[widest]! - 6);
		widths[widest]! -= cut;
		excess -= cut;
	}
	const cell = (text: string, i: number) => wrap(text, widths[i]!).join('\n');
	const table = new Table({
		head: head.map(cell),
		style: {head: [], border: []},
		chars: {mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': ''},
	});
	for (const row of rows) table.push(row.map(cell));
	return table.toString();
}

export function printProfile(printer: Printer, profile: Profile, catalogue: Catalogue): void {
	const text = catalogue.program.profile;
	const {kinds} = catalogue.tool;
	if (profile.primitives.length === 0) printer.paragraph(text.noPrimitives, 2, printer.chalk.gray);
	else {
		const rows = profile.primitives.map(p => {
			const peak = [p.peakHolders === undefined ? '' : text.holders(p.peakHolders), p.peakSize === undefined ? '' : text.size(p.peakSize)]
				.filter(Boolean)
				.join(', ');
			return [
				labelOf(`${p.kind} ${p.name}`, kinds),
				String(p.operations),
				String(p.waits),
				text.seconds(p.waitedMs),
				text.seconds(p.longestWaitMs),
				peak || '—',
			];
		});
		printer.say(fitted(text.primitivesHead, rows, printer.width));
	}
	const rows = profile.processes.map(p => [
		p.proc,
		String(p.pid),
		text.seconds(p.ranMs),
		text.share(p.blockedMs, p.ranMs),
		blockedOn(p.blockedOn, text, kinds),
	]);
	printer.say(fitted(text.processesHead, rows, printer.width));
}

/** The three longest waits of a process; more are summed up as "…". */
function blockedOn(on: ProcessProfile['blockedOn'], text: Catalogue['program']['profile'], kinds: Record<string, string>): string {
	if (on.length === 0) return '—';
	return `${on
		.slice(0, 3)
		.map(({on: label, ms}) => text.on(labelOf(label, kinds), ms))
		.join(', ')}${on.length > 3 ? ', …' : ''}`;
}
