/** The sync profile as two tables: primitives, then processes. */
import Table from 'cli-table3';
import type {Printer} from '../output.ts';
import type {ProcessProfile, Profile} from './profile.ts';
import {profileText as text} from './text.ts';

/** Compact: no line between rows (as the scenarios' facts). */
const style = () => ({style: {head: [] as string[], border: [] as string[]}, chars: {mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': ''}});

export function printProfile(printer: Printer, profile: Profile): void {
	if (profile.primitives.length === 0) printer.say(printer.chalk.gray(text.noPrimitives));
	else {
		const primitives = new Table({...style(), head: [...text.primitivesHead]});
		for (const p of profile.primitives) {
			const peak = [p.peakHolders === undefined ? '' : text.holders(p.peakHolders), p.peakSize === undefined ? '' : text.size(p.peakSize)]
				.filter(Boolean)
				.join(', ');
			primitives.push([`${p.kind} ${p.name}`, p.operations, p.waits, text.seconds(p.waitedMs), text.seconds(p.longestWaitMs), peak || '—']);
		}
		printer.say(primitives.toString());
	}
	const processes = new Table({...style(), head: [...text.processesHead]});
	for (const p of profile.processes) {
		processes.push([p.proc, p.pid, text.seconds(p.ranMs), text.share(p.blockedMs, p.ranMs), blockedOn(p.blockedOn)]);
	}
	printer.say(processes.toString());
}

/** The three longest waits of a process; more are summed up as "…". */
function blockedOn(on: ProcessProfile['blockedOn']): string {
	if (on.length === 0) return '—';
	return `${on
		.slice(0, 3)
		.map(({on: label, ms}) => text.on(label, ms))
		.join(', ')}${on.length > 3 ? ', …' : ''}`;
}
