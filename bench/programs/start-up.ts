/**
 * Run by `sync-demo run` (see bench/program-start.ts): starts --procs
 * children of itself at once and joins them, --trials times after one
 * untimed warm-up, and prints the median per child as one JSON line.
 * start-up.js is the same program in JavaScript: the two compare what a
 * TypeScript program's children pay.
 */
import {isMain, Process} from 'sync-demo';

export function noop(): void {}

const option = (name: string, fallback: number): number => {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? Number(process.argv[at + 1]) : fallback;
};

async function trial(n: number): Promise<number> {
	const t = process.hrtime.bigint();
	const children: Process[] = Array.from({length: n}, () => new Process({module: import.meta.url, target: 'noop'}));
	await Promise.all(children.map(child => child.start()));
	const codes = await Promise.all(children.map(child => child.join()));
	if (codes.some(code => code !== 0)) throw new Error(`child exit codes ${codes.join(',')}`);
	return Number(process.hrtime.bigint() - t) / 1e6;
}

if (isMain) {
	const procs = option('procs', 10);
	const trials = option('trials', 5);
	await trial(1);
	const ms: number[] = [];
	for (let i = 0; i < trials; i++) ms.push(await trial(procs));
	ms.sort((a, b) => a - b);
	const median = ms.length % 2 ? ms[ms.length >> 1]! : (ms[ms.length / 2 - 1]! + ms[ms.length / 2]!) / 2;
	console.log(JSON.stringify({procs, trials, median_ms_per_proc: Math.round((median / procs) * 100) / 100}));
}
