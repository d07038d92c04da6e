import type {ChalkInstance} from 'chalk';
import {Chalk, supportsColor} from 'chalk';
import type {RunEvent} from '../run/run.ts';

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

/** Prints a run as it happens: one line per event, prefixed with time, process and pid, one colour per process. */
export class Printer {
	readonly chalk: ChalkInstance;
	readonly #colors = new Map<string, (text: string) => string>();
	readonly #write: (line: string) => void;
	readonly #showSync: boolean;

	constructor(level: 0 | 1 | 2 | 3, write: (line: string) => void, showSync = true) {
		this.chalk = new Chalk({level});
		this.#write = write;
		this.#showSync = showSync;
	}

	#color(proc: string): (text: string) => string {
		let color = this.#colors.get(proc);
		if (!color) {
			color = proc === 'main' ? this.chalk.bold.white : this.chalk[PALETTE[this.#colors.size % PALETTE.length]!];
			this.#colors.set(proc, color);
		}
		return color;
	}

	line(t: number, proc: string, pid: number, text: string, dim = false): void {
		const color = this.#color(proc);
		const time = this.chalk.gray(`${(t / 1000).toFixed(3)}s`.padStart(8));
		const who = color(`${proc.padEnd(12)} ${String(pid).padStart(7)}`);
		this.#write(`${time} ${who}  ${dim ? this.chalk.dim(text) : color(text)}`);
	}

	event(event: RunEvent): void {
		switch (event.type) {
			case 'log':
				// A line without text only carries facts (see log()).
				if (event.text === '' && event.stream === undefined) break;
				this.line(event.t, event.proc, event.pid, event.stream === 'stderr' ? this.chalk.red(event.text) : event.text);
				break;
			case 'spawn':
				this.line(event.t, event.proc, event.pid, `started${event.daemon ? ' (daemon)' : ''}`, true);
				break;
			case 'exit':
				this.line(event.t, event.proc, event.pid, event.signal ? `stopped by ${event.signal}` : `exited with code ${event.code}`, true);
				break;
			case 'sync':
				if (this.#showSync || ALWAYS_SHOWN.has(event.op)) this.line(event.t, event.proc, event.pid, describe(event), !ALWAYS_SHOWN.has(event.op));
				break;
		}
	}

	say(text: string): void {
		this.#write(text);
	}
}

/** Sync events printed even when sync steps are not: something went wrong outside the program's own calls. */
const ALWAYS_SHOWN = new Set(['recovered', 'abandoned', 'unknown-owner', 'party-died', 'passed-on']);

function describe(event: Extract<RunEvent, {type: 'sync'}>): string {
	const what = `${event.kind} ${event.target}`;
	switch (event.op) {
		case 'acquire':
			return `· waits to acquire ${what}`;
		case 'acquired':
			return `· acquired ${what}${event.holders === undefined ? '' : ` (${event.holders} holding)`}`;
		case 'release':
			return `· released ${what}`;
		case 'recovered':
			return `! recovered ${what} from ${event.deadProc} (pid ${event.deadPid}), which died holding it`;
		case 'unknown-owner':
			return `! ${what} is held by an unknown owner: ${event.path} is not an owner record (${event.reason})`;
		case 'abandoned':
			return `! ${event.deadProc} (pid ${event.deadPid}) died with ${event.tasks} unfinished task(s) of ${what}`;
		case 'party-died':
			return `! ${event.deadProc} (pid ${event.deadPid}) died ${event.acting ? 'running the action of' : 'waiting at'} ${what}: it is broken for the others`;
		case 'action-failed':
			return `! the action of ${what} failed: ${event.error}`;
		case 'broken':
			return `· ${what} is broken: ${event.reason}`;
		case 'notify':
			return `· notify ${what}: woke ${event.woken}`;
		case 'passed-on':
			return `! ${event.deadProc} (pid ${event.deadPid}) died notified by ${what}, before it was back from wait(): the notify went to ${event.to}`;
		case 'get-wait':
			return `· waits in get() on empty ${what}`;
		case 'put-wait':
			return `· waits in put() on full ${what}`;
		case 'wait':
			return `· waits on ${what}`;
		case 'woke':
			return `· woken by ${what}`;
		case 'timeout':
			return `· gave up waiting on ${what}`;
		default:
			return `· ${event.op} ${what}${event.n !== undefined && event.n !== 1 ? ` ×${event.n}` : ''}`;
	}
}
