import Table from 'cli-table3';
import type {Facts} from '../../scenarios/kit/scenario.ts';
import type {Catalogue} from '../lang/index.ts';
import type {Printer} from './output.ts';
import type {Summary} from './runner.ts';
import {displayWidth, wrap, wrapIndented} from './text.ts';

// The end of a run's text output: the facts, crashes, the verdict with its mark, the time taken.

/** A fact's value as text: lists joined, true and false as words of the run's language. */
function factValue(value: Summary['facts'][string], say: Catalogue['tool']): string {
	if (Array.isArray(value)) return value.join(', ');
	if (typeof value === 'boolean') return value ? say.yes : say.no;
	return String(value);
}

export function printSummary(printer: Printer, summary: Summary, quiet: boolean, catalogue: Catalogue): void {
	const {chalk} = printer;
	const say = catalogue.tool;
	const labels: Record<string, string> = catalogue.facts;
	if (!quiet) printer.say('');
	if (Object.keys(summary.facts).length > 0) printer.say(factTable(summary.facts, labels, say, printer.width));
	const holding = (held?: string[]) => (held?.length ? say.holding(held) : '');
	for (const crash of summary.crashed ?? [])
		printer.paragraph(`✗ ${say.crashed(say.who(crash.proc, crash.pid), crash.code, holding(crash.held))}`, 2, chalk.red);
	for (const kill of summary.killed ?? []) printer.paragraph(`✗ ${say.killed(say.who(kill.proc, kill.pid), kill.signal, holding(kill.held))}`, 2, chalk.red);
	const [mark, paint] = verdictMark(summary, chalk);
	const head = `${mark} ${summary.verdict.code}:`;
	const [first = '', ...rest] = wrapIndented(`${head} ${summary.verdict.sentence}`, printer.width, 2);
	printer.say(`${paint(mark)} ${chalk.bold(summary.verdict.code)}:${first.slice(head.length)}`);
	for (const line of rest) printer.say(line);
	printer.paragraph(`  ${say.finished(summary.scenario, (summary.durationMs / 1000).toFixed(2), summary.exitCode)}`, 4, chalk.gray);
}

/**
 * ✔ the run is safe and kept its promise; ◆ it shows the defect its mode
 * demonstrates (the lesson: exit 0); ✘ a promise broken, or any other exit 1.
 */
function verdictMark(summary: Summary, chalk: Printer['chalk']): [string, (text: string) => string] {
	if (!summary.ok) return ['✘', chalk.red.bold];
	return summary.verdict.defect ? ['◆', chalk.yellow.bold] : ['✔', chalk.green.bold];
}

/** The facts, one row each, labelled in the run's language; long values wrap inside their cell so the table fits `width`. */
function factTable(facts: Facts, labels: Record<string, string>, say: Catalogue['tool'], width: number): string {
	const rows = Object.entries(facts).map(([key, value]) => [labels[key] ?? key, factValue(value, say)] as const);
	// Borders and padding take 7 columns; a label gets at most a third of the rest.
	const labelWidth = Math.min(Math.max(...rows.map(([label]) => displayWidth(label))), Math.floor((width - 7) / 3));
	const valueWidth = width - 7 - labelWidth;
	const table = new Table({style: {head: [], border: []}, chars: {mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': ''}});
	for (const [label, value] of rows) table.push([wrap(label, labelWidth).join('\n'), wrap(value, valueWidth).join('\n')]);
	return table.toString();
}
