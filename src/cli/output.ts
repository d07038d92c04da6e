import type {ChalkInstance} from 'chalk';
import {Chalk, supportsColor} from 'chalk';
import type {Catalogue} from '../lang/index.ts';
import {shown} from '../lang/shown.ts';
import type {RunEvent} from '../run/run.ts';
import {displayWidth, wrap} from './text.ts';

/** Colour is decided once: --no-color, NO_COLOR or FORCE_COLOR=0 turn it off, FORCE_COLOR on, otherwise a TTY decides. */
export function colorLevel(noColorFlag: boolean, env = process.env, tty = Boolean(process.stdout.isTTY)): 0 | 1 | 2 | 3 {
	if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return 0;
	const detected = supportsColor ? supportsColor.level : 0;
	if (env.FORCE_COLOR !== undefined) return detected || 1;
	return tty ? detected || 1 : 0;
}

const PALETTE = [
	'cyan',
	'magenta',
	'yellow',
	'green',
	'blue',
	'red',
	'cyanBright',
	'magentaBright',
	'yellowBright',
	'greenBright',
	'blueBright',
	'redBright',
] as const;

type Paint = (text: string) => string;

/**
 * Prints a run as it happens: one line per event, prefixed with time,
 * process and pid, one colour per process, every line wrapped to `width`
 * columns (continuation lines indented to the text's column).
 */
export class Printer {
	readonly chalk: ChalkInstance;
	readonly width: number;
	readonly #colors = new Map<string, Paint>();
	readonly #write: (line: string) => void;
	readonly #say: Catalogue['tool'];
	readonly #showSync: boolean;
	readonly #startLine: string | undefined;
	readonly #unprinted: ReadonlySet<string>;

	/** `startLine`: the scenario's start-line event, told apart from the lesson's waits. */
	constructor(options: {
		level: 0 | 1 | 2 | 3;
		write: (line: string) => void;
		say: Catalogue['tool'];
		width: number;
		showSync?: boolean;
		startLine?: string | undefined;
		/** Primitives whose every step is not printed (a scenario's thousands of them; see `Scenario.unprinted`). */
		unprinted?: readonly string[] | undefined;
	}) {
		this.chalk = new Chalk({level: options.level});
		this.#write = options.write;
		this.#say = options.say;
		this.width = options.width;
		this.#showSync = options.showSync ?? true;
		this.#startLine = options.startLine;
		this.#unprinted = new Set(options.unprinted ?? []);
	}

	#color(proc: string): (text: string) => string {
		let color = this.#colors.get(proc);
		if (!color) {
			color = proc === 'main' ? this.chalk.bold.white : this.chalk[PALETTE[this.#colors.size % PALETTE.length]!];
			this.#colors.set(proc, color);
		}
		return color;
	}

	/** One line of a process: `style` says whose words they are (the program's, sync-demo's own, an error). */
	line(t: number, proc: string, pid: number, text: string, style: 'program' | 'own' | 'error' = 'program'): void {
		const color = this.#color(proc);
		const time = `${(t / 1000).toFixed(3)}s`.padStart(8);
		const who = `${shown(proc).padEnd(12)} ${String(pid).padStart(7)}`;
		const column = displayWidth(`${time} ${who}  `);
		const paint = style === 'own' ? this.chalk.dim : style === 'error' ? this.chalk.red : color;
		const [first = '', ...rest] = wrap(text, Math.max(10, this.width - column));
		this.#write(`${this.chalk.gray(time)} ${color(who)}  ${paint(first)}`);
		for (const part of rest) this.#write(`${' '.repeat(column)}${paint(part)}`);
	}

	event(event: RunEvent): void {
		switch (event.type) {
			case 'log':
				// A line without text only carries facts (see log()).
				if (event.text === '' && event.stream === undefined) break;
				// A note is sync-demo's own line, not the program's: marked like the sync steps.
				if (event.data?.note === true) this.line(event.t, event.proc, event.pid, `· ${event.text}`, 'own');
				else this.line(event.t, event.proc, event.pid, event.text, event.stream === 'stderr' ? 'error' : 'program');
				break;
			case 'spawn':
				this.line(event.t, event.proc, event.pid, `· ${this.#say.started(event.daemon === true)}`, 'own');
				break;
			case 'exit':
				this.line(event.t, event.proc, event.pid, `· ${event.signal ? this.#say.stoppedBy(event.signal) : this.#say.exited(event.code ?? null)}`, 'own');
				break;
			case 'sync':
				if ((this.#showSync && !this.#unprinted.has(`${event.kind} ${event.target}`)) || ALWAYS_SHOWN.has(event.op))
					this.line(event.t, event.proc, event.pid, describe(event, this.#say, this.#startLine), ALWAYS_SHOWN.has(event.op) ? 'program' : 'own');
				break;
		}
	}

	/** Print as it is (a table, the timeline: laid out to the width already). */
	say(text: string): void {
		this.#write(text);
	}

	/** Print text wrapped to the width, each of its lines keeping its leading spaces and continuing `indent` columns in. */
	paragraph(text: string, indent: number, paint: Paint = text => text): void {
		for (const raw of text.split('\n')) {
			const lead = /^ */.exec(raw)![0];
			const [first = '', ...rest] = wrap(raw.slice(lead.length), this.width - lead.length, Math.max(0, indent - lead.length));
			this.#write(paint(`${lead}${first}`));
			for (const part of rest) this.#write(paint(`${' '.repeat(indent)}${part}`));
		}
	}
}

/** Sync events printed even when sync steps are not: something went wrong outside the program's own calls. */
const ALWAYS_SHOWN = new Set(['recovered', 'abandoned', 'unknown-owner', 'party-died', 'passed-on']);

/** A sync step in the run's language: `·` for the program's own calls, `!` for what went wrong outside them. */
function describe(event: Extract<RunEvent, {type: 'sync'}>, say: Catalogue['tool'], startLine?: string): string {
	const what = `${say.kinds[event.kind] ?? event.kind} ${shown(event.target)}`;
	const n = event.n !== undefined && event.n !== 1 ? ` ×${event.n}` : '';
	const dead = say.who(String(event.deadProc), Number(event.deadPid));
	const sync = say.sync;
	switch (event.op) {
		case 'recovered':
			return `! ${sync.recovered(what, dead)}`;
		case 'unknown-owner':
			return `! ${sync.unknownOwner(what, String(event.path), String(event.reason))}`;
		case 'abandoned':
			return `! ${sync.abandoned(dead, Number(event.tasks), what)}`;
		case 'party-died':
			return `! ${sync.partyDied(dead, Boolean(event.acting), what)}`;
		case 'action-failed':
			return `! ${sync.actionFailed(what, String(event.error))}`;
		case 'passed-on':
			return `! ${sync.passedOn(dead, what, String(event.to))}`;
	}
	if (event.kind === 'event' && event.target === startLine) {
		if (event.op === 'wait') return `· ${sync.startWait(what)}`;
		if (event.op === 'woke') return `· ${sync.startGo(what)}`;
		if (event.op === 'set') return `· ${sync.startSet(what)}`;
	}
	return `· ${step(event, what, n, sync)}`;
}

function step(event: Extract<RunEvent, {type: 'sync'}>, what: string, n: string, sync: Catalogue['tool']['sync']): string {
	switch (event.op) {
		case 'acquire':
			return sync.acquire(what);
		case 'acquired':
			return sync.acquired(what, event.holders === undefined ? '' : String(event.holders));
		case 'release':
			return sync.release(what);
		case 'get-wait':
			return sync.getWait(what);
		case 'put-wait':
			return sync.putWait(what);
		case 'wait':
			return sync.wait(what);
		case 'woke':
			return sync.woke(what);
		case 'timeout':
			return sync.timeout(what);
		case 'put':
			return sync.put(what, n);
		case 'get':
			return sync.get(what, n);
		case 'set':
			return sync.set(what);
		case 'clear':
			return sync.clear(what);
		case 'task-done':
			return sync.taskDone(what, n);
		case 'join-wait':
			return sync.joinWait(what);
		case 'joined':
			return sync.joined(what);
		case 'notify':
			return sync.notify(what, Number(event.woken));
		case 'broken':
			return sync.broken(what, String(event.reason));
		case 'passed':
			return sync.passed(what);
		case 'action':
			return sync.action(what);
		case 'abort':
			return sync.abort(what);
		case 'reset':
			return sync.reset(what);
		case 'send':
			return sync.send(what, n);
		case 'recv-wait':
			return sync.recvWait(what);
		case 'poll-wait':
			return sync.pollWait(what);
		case 'recv':
			return sync.recv(what, n);
		case 'eof':
			return sync.eof(what);
		case 'close':
			return sync.close(what);
		default:
			return sync.other(event.op, what, n);
	}
}
