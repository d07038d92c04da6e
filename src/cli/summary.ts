import Table from 'cli-table3';
import type {Facts} from '../../scenarios/kit/scenario.ts';
import {Abandoned} from '../errors.ts';
import type {Catalogue} from '../lang/index.ts';
import {texts} from '../lang/index.ts';
import type {Printer} from './output.ts';
import type {Ended, GlobalOptions, Session} from './session.ts';
import {displayWidth, wrap, wrapIndented} from './text.ts';
import {renderTimeline} from './timeline.ts';

// The end of a run's text output: main's failure, the timeline, the facts or profile, crashes, the verdict with its mark, the time taken.

/**
 * Print how the session ended: with --json the summary line; else main's
 * failure, the timeline, `body` (the facts, the profile), crashes, the
 * verdict and the last line. A trace that could not be written says so on stderr.
 */
export function report(session: Session, summary: Ended & {type: 'summary'}, global: GlobalOptions, name: string, body: (printer: Printer) => void): void {
	const {printer, mainError} = session;
	const say = texts(global.env.lang).tool;
	const reportTrace = () => {
		if (session.traceError) process.stderr.write(`error: ${session.traceError}\n`);
	};
	if (global.json) {
		printer.say(JSON.stringify(summary));
		reportTrace();
		return;
	}
	// An abandoned join() says all in its message; its stack would only show the library's reply path.
	const shown = mainError instanceof Abandoned ? `${mainError.name}: ${mainError.message}` : mainError instanceof Error ? mainError.stack : String(mainError);
	if (mainError) printer.paragraph(say.mainFailed(shown ?? ''), 4, printer.chalk.red);
	if (global.timeline && !global.quiet) {
		printer.say('');
		const chalk = printer.chalk;
		const paint = {run: chalk.gray, wait: chalk.yellow, hold: chalk.green, both: chalk.red, start: chalk.gray, none: (text: string) => text};
		const style = {unicode: global.color > 0, paint: (kind: keyof typeof paint, text: string) => paint[kind](text), say: say.timeline};
		for (const line of renderTimeline(session.drawn, session.durationMs, style, global.width, session.startLine)) printer.say(line);
	}
	if (!global.quiet) printer.say('');
	body(printer);
	printEnding(printer, summary, name, say);
	reportTrace();
}

/** A fact's value as text: lists joined, true and false as words of the run's language. */
function factValue(value: Facts[string], say: Catalogue['tool']): string {
	if (Array.isArray(value)) return value.join(', ');
	if (typeof value === 'boolean') return value ? say.yes : say.no;
	return String(value);
}

/** A scenario's facts, one row each, labelled in the run's language. */
export function printFacts(printer: Printer, facts: Facts, catalogue: Catalogue): void {
	if (Object.keys(facts).length > 0) printer.say(factTable(facts, catalogue.facts, catalogue.tool, printer.width));
}

/** Crashes and kills, the verdict with its mark, and how long `name` ran. */
function printEnding(printer: Printer, summary: Ended, name: string, say: Catalogue['tool']): void {
	const {chalk} = printer;
	const holding = (held?: string[]) => (held?.length ? say.holding(held) : '');
	for (const crash of summary.crashed ?? [])
		printer.paragraph(`✗ ${say.crashed(say.who(crash.proc, crash.pid), crash.code, holding(crash.held))}`, 2, chalk.red);
	for (const kill of summary.killed ?? []) printer.paragraph(`✗ ${say.killed(say.who(kill.proc, kill.pid), kill.signal, holding(kill.held))}`, 2, chalk.red);
	const [mark, paint] = verdictMark(summary, chalk);
	const head = `${mark} ${summary.verdict.code}:`;
	const [first = '', ...rest] = wrapIndented(`${head} ${summary.verdict.sentence}`, printer.width, 2);
	printer.say(`${paint(mark)} ${chalk.bold(summary.verdict.code)}:${first.slice(head.length)}`);
	for (const line of rest) printer.say(line);
	printer.paragraph(`  ${say.finished(name, (summary.durationMs / 1000).toFixed(2), summary.exitCode)}`, 4, chalk.gray);
}

/**
 * ✔ the run is safe and kept its promise; ◆ it shows the defect its mode
 * demonstrates (the lesson: exit 0); ✘ a promise broken, or any other exit 1.
 */
function verdictMark(summary: Ended, chalk: Printer['chalk']): [string, (text: string) => string] {
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
