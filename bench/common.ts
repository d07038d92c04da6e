/**
 * Helpers shared by the benchmark twins: argument parsing, CLOCK_MONOTONIC
 * time, statistics and the one JSON line each twin prints.
 */
import {parseArgs} from 'node:util';

/** CLOCK_MONOTONIC seconds (process.hrtime), comparable across processes on Linux. */
export function nowS(): number {
	return Number(process.hrtime.bigint()) / 1e9;
}

/** Integer options with defaults, as the anchors' argparse / parseArgs do. */
export function intOptions<K extends string>(
	defaults: Record<K, number>,
	flags: readonly string[] = [],
): {values: Record<K, number>; flags: Record<string, boolean>} {
	const options: Record<string, {type: 'string' | 'boolean'; default?: string | boolean}> = {};
	for (const [key, value] of Object.entries(defaults)) options[key] = {type: 'string', default: String(value)};
	for (const flag of flags) options[flag] = {type: 'boolean', default: false};
	const {values} = parseArgs({options, strict: true});
	const out = {} as Record<K, number>;
	for (const key of Object.keys(defaults) as K[]) {
		const n = Number(values[key]);
		if (!Number.isFinite(n)) throw new TypeError(`Expected \`--${key}\` to be a number, got ${String(values[key])}`);
		out[key] = n;
	}
	const flagValues: Record<string, boolean> = {};
	for (const flag of flags) flagValues[flag] = values[flag] === true;
	return {values: out, flags: flagValues};
}

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Same percentile rule as anchors/event_latency.py. */
export function pct(sorted: readonly number[], q: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function round(value: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/**
 * The latency twins' figures from round-trip times in seconds: median, p90,
 * p99 and min in µs; with `totals`, the mean and the timed seconds too.
 */
export function rttStats(rtts: readonly number[], totals = false): Record<string, number> {
	const us = rtts.map(x => x * 1e6).sort((a, b) => a - b);
	const stats: Record<string, number> = {
		median_rtt_us: round(median(us), 1),
		p90_rtt_us: round(pct(us, 0.9), 1),
		p99_rtt_us: round(pct(us, 0.99), 1),
		min_rtt_us: round(us[0]!, 1),
	};
	if (!totals) return stats;
	return {
		...stats,
		mean_rtt_us: round(us.reduce((a, b) => a + b, 0) / us.length, 1),
		seconds: round(
			rtts.reduce((a, b) => a + b, 0),
			4,
		),
	};
}

/** Print the one JSON line; a wrong result makes the process fail. */
export function report(record: Record<string, unknown> & {correct: boolean}): void {
	console.log(JSON.stringify(record));
	if (!record.correct) {
		process.stderr.write(`${String(record.bench)}: wrong result\n`);
		process.exitCode = 1;
	}
}

/** Module URL of the child-side functions, next to the calling file (.ts under tsx, .js when compiled). */
export function workersUrl(from: string): URL {
	return new URL(from.endsWith('.ts') ? './workers.ts' : './workers.js', from);
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));
