/**
 * Run every twin next to its anchor, alternating (twin, anchor, twin, …),
 * `--rounds` times (default 3; `--quick`: 1 round, smaller sizes). Each run
 * is its own OS process, killed by its pid (process group) on timeout.
 * Prints a table of medians and writes the raw JSON lines to
 * bench/results/latest.jsonl. Exits 1 if any run failed or was wrong.
 *
 *   npm run bench [-- --quick] [-- --only queue,sem] [-- --rounds 5]
 *
 * The anchors live in bench/anchors. A row whose anchor cannot run (no
 * python3, proper-lockfile not installable) is skipped with one line.
 */
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import Table from 'cli-table3';
import {type Need, unmet} from './anchor-needs.ts';
import {median} from './common.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, here.split(path.sep).includes('dist') ? '../..' : '..');
const twins = path.join(root, 'dist', 'bench');
const anchors = path.join(root, 'bench', 'anchors');

const {values} = parseArgs({
	options: {
		quick: {type: 'boolean', default: false},
		rounds: {type: 'string'},
		only: {type: 'string'},
		timeout: {type: 'string'},
	},
});
const quick = values.quick!;
const rounds = Number(values.rounds ?? (quick ? 1 : 3));
const timeoutMs = Number(values.timeout ?? (quick ? 120 : 400)) * 1000;

type Side = 'project' | 'anchor';
interface Command {
	cmd: string;
	args: string[];
	needs?: Need[];
}
interface Row {
	id: string;
	label: string;
	metric: string;
	/** Target on project/anchor: `>=` for throughputs, `<=` for latencies, times and memory. None: shown, not judged. */
	target?: {op: '>=' | '<='; x: number};
	project: Command;
	anchor: Command;
	/** Said after the anchor median when the "anchor" is our own code in another mode. */
	anchorIs?: string;
}
/** A row whose "anchor" is another row's project median (how our own figure scales). */
interface ScaleRow {
	label: string;
	metric: string;
	of: string;
	base: string;
	target: {op: '>=' | '<='; x: number};
}

const q = quick;
const items = String(q ? 20_000 : 200_000);
const lockOps = String(q ? 1000 : 5000);
const plfOps = String(q ? 100 : 300);
const twin = (file: string, ...args: string[]): Command => ({cmd: process.execPath, args: [path.join(twins, file), ...args]});
const py = (file: string, ...args: string[]): Command => ({cmd: 'python3', args: [path.join(anchors, file), ...args], needs: ['python3']});
const nodeAnchor = (file: string, needs: Need[], ...args: string[]): Command => ({cmd: process.execPath, args: [path.join(anchors, file), ...args], needs});
const queueArgs = (p: number, c: number, maxsize: number): string[] => [
	'--items',
	items,
	'--producers',
	String(p),
	'--consumers',
	String(c),
	'--maxsize',
	String(maxsize),
];

function rows(): Row[] {
	return [
		{
			id: 'lock4',
			label: `lock-counter 4×${lockOps} vs Python Lock`,
			metric: 'ops_per_s',
			target: {op: '>=', x: 0.3},
			project: twin('lock-counter.js', '--procs', '4', '--ops', lockOps),
			anchor: py('lock_counter.py', '--procs', '4', '--ops', lockOps),
		},
		{
			id: 'plf',
			label: `lock-counter 4×${plfOps} vs proper-lockfile`,
			metric: 'ops_per_s',
			target: {op: '>=', x: 25},
			project: twin('lock-counter.js', '--procs', '4', '--ops', plfOps),
			anchor: nodeAnchor('proper-lockfile-counter.mjs', ['proper-lockfile'], '--procs', '4', '--ops', plfOps),
		},
		{
			id: 'lock16',
			label: `lock-counter 16×${lockOps} vs Python Lock`,
			metric: 'ops_per_s',
			target: {op: '>=', x: 0.25},
			project: twin('lock-counter.js', '--procs', '16', '--ops', lockOps),
			anchor: py('lock_counter.py', '--procs', '16', '--ops', lockOps),
		},
		...(
			[
				[1, 1, 0],
				[1, 1, 1000],
				[2, 2, 0],
				[2, 2, 1000],
				[16, 16, 0],
			] as const
		).map(
			([p, c, maxsize]): Row => ({
				id: `q${p}x${c}m${maxsize}`,
				label: `Queue ${p}P/${c}C maxsize ${maxsize}, ${items}`,
				metric: 'items_per_s',
				target: {op: '>=', x: 1},
				project: twin('queue-throughput.js', ...queueArgs(p, c, maxsize)),
				anchor: py('queue_throughput.py', ...queueArgs(p, c, maxsize)),
			}),
		),
		{
			id: 'joinable',
			label: `JoinableQueue 2 consumers, ${items}`,
			metric: 'items_per_s',
			target: {op: '>=', x: 1},
			project: twin('joinable.js', '--items', items, '--consumers', '2'),
			anchor: py('joinable.py', '--items', items, '--consumers', '2'),
		},
		{
			id: 'event',
			label: 'Event ping-pong RTT (µs)',
			metric: 'median_rtt_us',
			target: {op: '<=', x: 1},
			project: twin('event-latency.js', '--rounds', q ? '300' : '2000'),
			anchor: py('event_latency.py', '--rounds', q ? '300' : '2000'),
		},
		{
			id: 'rlock-counter',
			label: `RLock counter 4×${lockOps} vs Python RLock`,
			metric: 'ops_per_s',
			target: {op: '>=', x: 0.3},
			project: twin('lock-counter.js', '--procs', '4', '--ops', lockOps, '--rlock'),
			anchor: py('lock_counter.py', '--procs', '4', '--ops', lockOps, '--rlock'),
		},
		{
			id: 'cond',
			label: 'Condition ping-pong RTT (µs)',
			metric: 'median_rtt_us',
			target: {op: '<=', x: 1},
			project: twin('condition-latency.js', '--rounds', q ? '300' : '2000'),
			anchor: py('condition_latency.py', '--rounds', q ? '300' : '2000'),
		},
		{
			id: 'pipe-rtt',
			label: 'Pipe ping-pong RTT (µs) vs Python Pipe',
			metric: 'median_rtt_us',
			target: {op: '<=', x: 1},
			project: twin('pipe-pingpong.js', '--rounds', q ? '2000' : '10000'),
			anchor: py('pipe_pingpong.py', '--rounds', q ? '2000' : '10000'),
		},
		{
			id: 'pipe-stream',
			label: `Pipe one-way small messages, ${items} vs Python`,
			metric: 'msgs_per_s',
			target: {op: '>=', x: 1},
			project: twin('pipe-throughput.js', '--messages', items),
			anchor: py('pipe_throughput.py', '--messages', items),
		},
		{
			id: 'sem',
			label: `Semaphore(4) 10×${lockOps}`,
			metric: 'ops_per_s',
			target: {op: '>=', x: 0.25},
			project: twin('semaphore.js', '--procs', '10', '--ops', lockOps, '--limit', '4'),
			anchor: py('semaphore.py', '--procs', '10', '--ops', lockOps, '--limit', '4'),
		},
		{
			id: 'barrier',
			label: 'Barrier 4 parties × 2000 cycles vs Python Barrier',
			metric: 'cycles_per_s',
			target: {op: '>=', x: 1},
			project: twin('barrier.js', '--parties', '4', '--cycles', '2000'),
			anchor: py('barrier.py', '--parties', '4', '--cycles', '2000'),
		},
		{
			id: 'value',
			label: `Value += 1 under getLock() 4×${lockOps} vs Python`,
			metric: 'ops_per_s',
			target: {op: '>=', x: 0.3},
			project: twin('value-counter.js', '--procs', '4', '--ops', lockOps),
			anchor: py('value_counter.py', '--procs', '4', '--ops', lockOps),
		},
		{
			id: 'spawn',
			label: 'spawn 10, ms per child vs bare fork',
			metric: 'median_ms_per_proc',
			target: {op: '<=', x: 1.1},
			project: twin('spawn.js', '--procs', '10', '--trials', q ? '3' : '5'),
			anchor: nodeAnchor('bare-spawn.mjs', [], '--procs', '10', '--trials', q ? '3' : '5'),
		},
		{
			id: 'memory',
			label: 'idle child VmHWM (kB) vs bare node',
			metric: 'median_vmhwm_kb',
			target: {op: '<=', x: 1.15},
			project: twin('idle-memory.js', '--impl', 'sync-demo', '--samples', q ? '2' : '5'),
			anchor: twin('idle-memory.js', '--impl', 'bare-node', '--samples', q ? '2' : '5'),
		},
		// sync-demo run transforms a TypeScript program once; its children import the JavaScript copies.
		{
			id: 'program-ts',
			label: 'sync-demo run: child start-up, .ts ÷ the same .js program',
			metric: 'median_ms_per_proc',
			target: {op: '<=', x: 1.3},
			anchorIs: 'the .js program',
			project: twin('program-start.js', '--ext', 'ts', '--procs', '10', '--trials', q ? '3' : '5'),
			anchor: twin('program-start.js', '--ext', 'js', '--procs', '10', '--trials', q ? '3' : '5'),
		},
		// The CLI always listens to its run, which turns the unwatched fast paths off: what that costs.
		{
			id: 'q1x1m0-watched',
			label: `watched ÷ unwatched: Queue 1P/1C, ${items}`,
			metric: 'items_per_s',
			target: {op: '>=', x: 0.5},
			anchorIs: 'unwatched',
			project: twin('queue-throughput.js', ...queueArgs(1, 1, 0), '--watched'),
			anchor: twin('queue-throughput.js', ...queueArgs(1, 1, 0)),
		},
		{
			id: 'sem-watched',
			label: `watched ÷ unwatched: Semaphore(4) 10×${lockOps}`,
			metric: 'ops_per_s',
			anchorIs: 'unwatched',
			project: twin('semaphore.js', '--procs', '10', '--ops', lockOps, '--limit', '4', '--watched'),
			anchor: twin('semaphore.js', '--procs', '10', '--ops', lockOps, '--limit', '4'),
		},
	];
}

const scaleRows: ScaleRow[] = [
	{label: 'scale: Queue 16P/16C ÷ our 1P/1C', metric: 'items_per_s', of: 'q16x16m0', base: 'q1x1m0', target: {op: '>=', x: 0.5}},
	{label: 'scale: lock 16-way ÷ our 4-way', metric: 'ops_per_s', of: 'lock16', base: 'lock4', target: {op: '>=', x: 0.5}},
];

// --only takes comma-separated words; a row is chosen when its id or label contains one (any case).
const only =
	values.only
		?.toLowerCase()
		.split(',')
		.map(word => word.trim())
		.filter(Boolean) ?? [];
const all = rows().filter(row => only.length === 0 || only.some(word => row.id.toLowerCase().includes(word) || row.label.toLowerCase().includes(word)));
if (all.length === 0) {
	console.error(
		`no row matches --only ${values.only}; the rows: ${rows()
			.map(row => row.id)
			.join(', ')}`,
	);
	process.exit(2);
}

interface Outcome {
	ok: boolean;
	record?: Record<string, unknown>;
	line?: string;
	error?: string;
}

function runOnce(command: Command): Promise<Outcome> {
	return new Promise(resolve => {
		// Own process group, so a timeout kills the run and the children it forked, by pid.
		const child = spawn(command.cmd, command.args, {cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {}
		}, timeoutMs);
		child.on('error', error => {
			clearTimeout(timer);
			resolve({ok: false, error: error.message});
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const line = stdout
				.trim()
				.split('\n')
				.reverse()
				.find(text => text.startsWith('{'));
			let record: Record<string, unknown> | undefined;
			try {
				record = line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
			} catch {}
			const tail = stderr.trim().split('\n').slice(-5).join(' | ');
			if (timedOut) return resolve({ok: false, error: `timed out after ${timeoutMs / 1000} s`});
			if (code !== 0) return resolve({ok: false, record, line, error: `exit ${code ?? signal}: ${tail}`});
			if (!record) return resolve({ok: false, error: `no JSON line: ${tail}`});
			if (record.correct !== true) return resolve({ok: false, record, line, error: 'correct != true'});
			resolve({ok: true, record, line});
		});
	});
}

const resultsDir = path.join(root, 'bench', 'results');
fs.mkdirSync(resultsDir, {recursive: true});
const out = fs.createWriteStream(path.join(resultsDir, 'latest.jsonl'));

function gitCommit(): string | null {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim() !== '';
		return dirty ? `${commit}+dirty-src` : commit;
	} catch {
		return null;
	}
}
// Not a "bench" line, so summarize.py skips it: which code, which machine, which sizes.
out.write(
	`${JSON.stringify({meta: {commit: gitCommit(), node: process.version, cpus: os.cpus().length, quick, rounds, started: new Date().toISOString()}})}\n`,
);

const figures = new Map<string, Record<Side, number[]>>();
const failures: string[] = [];
let skipped = 0;
for (const row of all) {
	const why = unmet([...(row.project.needs ?? []), ...(row.anchor.needs ?? [])], anchors);
	if (why) {
		skipped++;
		process.stderr.write(`skipped ${row.label}: ${why}\n`);
		out.write(`${JSON.stringify({row: row.id, skipped: why})}\n`);
		continue;
	}
	const got: Record<Side, number[]> = {project: [], anchor: []};
	figures.set(row.id, got);
	for (let round = 1; round <= rounds; round++) {
		for (const side of ['project', 'anchor'] as const) {
			const started = Date.now();
			const outcome = await runOnce(row[side]);
			const value = outcome.record?.[row.metric];
			if (outcome.line) out.write(`${outcome.line}\n`);
			if (!outcome.ok || typeof value !== 'number') {
				const why = outcome.error ?? `no ${row.metric}`;
				failures.push(`${row.label} [${side} ${round}]: ${why}`);
				out.write(`${JSON.stringify({row: row.id, side, round, error: why})}\n`);
			} else {
				got[side].push(value);
			}
			process.stderr.write(
				`${row.label} [${side === 'anchor' && row.anchorIs ? row.anchorIs : side} ${round}/${rounds}] ${typeof value === 'number' ? value : '-'} ${row.metric} (${((Date.now() - started) / 1000).toFixed(1)} s)${outcome.ok ? '' : ` FAILED: ${outcome.error}`}\n`,
			);
		}
	}
}
await new Promise(resolve => out.end(resolve));

const fmt = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '-' : n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
const range = (xs: number[]): string => (xs.length ? `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}` : '-');
const verdict = (ratio: number, target?: {op: '>=' | '<='; x: number}): string =>
	!target ? '' : Number.isNaN(ratio) ? '?' : (target.op === '>=' ? ratio >= target.x : ratio <= target.x) ? 'ok' : 'MISS';
const goal = (target?: {op: '>=' | '<='; x: number}): string => (target ? `${target.op} ${target.x}×` : '-');
const med = (xs: number[]): number => (xs.length ? median(xs) : NaN);

const plain = !process.stdout.isTTY || 'NO_COLOR' in process.env;
const table = new Table({
	head: ['benchmark', 'metric', 'project median', 'anchor median', 'ratio', 'target', '', 'project min–max', 'anchor min–max'],
	...(plain ? {style: {head: [], border: []}} : {}),
});
for (const row of all) {
	const got = figures.get(row.id);
	if (!got) continue;
	const {project, anchor} = got;
	const ratio = med(project) / med(anchor);
	table.push([
		row.label,
		row.metric,
		fmt(med(project)),
		row.anchorIs ? `${fmt(med(anchor))} (${row.anchorIs})` : fmt(med(anchor)),
		Number.isNaN(ratio) ? '-' : `${ratio.toFixed(2)}×`,
		goal(row.target),
		verdict(ratio, row.target),
		range(project),
		range(anchor),
	]);
}
for (const row of scaleRows) {
	const of = figures.get(row.of)?.project;
	const base = figures.get(row.base)?.project;
	if (!of || !base) continue;
	const ratio = med(of) / med(base);
	table.push([
		row.label,
		row.metric,
		fmt(med(of)),
		`${fmt(med(base))} (ours)`,
		Number.isNaN(ratio) ? '-' : `${ratio.toFixed(2)}×`,
		goal(row.target),
		verdict(ratio, row.target),
		range(of),
		range(base),
	]);
}
console.log(table.toString());
console.log(
	`${rounds} round(s)${quick ? ', --quick sizes' : ''}; ratio = project median ÷ anchor median; raw lines in ${path.relative(process.cwd(), path.join(resultsDir, 'latest.jsonl'))}${skipped ? `; ${skipped} row(s) skipped, said why above` : ''}`,
);
if (failures.length > 0) {
	console.error(`\n${failures.length} run(s) failed:\n  ${failures.join('\n  ')}`);
	process.exitCode = 1;
}
