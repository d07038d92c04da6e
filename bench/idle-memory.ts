/**
 * Peak memory of an idle child: ours (child runtime + target module waiting
 * on an Event) vs a bare `child_process.fork` of a two-line script. After
 * the child is ready it idles --idle-ms, then VmHWM and VmRSS are read from
 * /proc/<pid>/status. Median of --samples children, one at a time.
 */
import {fork} from 'node:child_process';
import {once} from 'node:events';
import fs from 'node:fs';
import {parseArgs} from 'node:util';
import {Event, Process, Queue, shutdown} from '../src/index.ts';
import {median, report, sleep, workersUrl} from './common.ts';

const {values} = parseArgs({
	options: {
		impl: {type: 'string', default: 'sync-demo'},
		samples: {type: 'string', default: '5'},
		'idle-ms': {type: 'string', default: '300'},
	},
});
const impl = values.impl!;
const samples = Number(values.samples);
const idleMs = Number(values['idle-ms']);
if (impl !== 'sync-demo' && impl !== 'bare-node') throw new TypeError(`Expected \`--impl\` to be sync-demo or bare-node, got ${impl}`);

function memoryOf(pid: number): {hwm: number; rss: number} {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
	const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
	return {hwm: kb('VmHWM'), rss: kb('VmRSS')};
}

async function ours(): Promise<{hwm: number; rss: number}> {
	const ready = new Queue({name: 'ready'});
	const release = new Event({name: 'release'});
	const child = new Process({module: workersUrl(import.meta.url), target: 'idle', args: [ready, release]});
	await child.start();
	await ready.get();
	await sleep(idleMs);
	const memory = memoryOf(child.pid!);
	await release.set();
	if ((await child.join()) !== 0) throw new Error('idle child failed');
	return memory;
}

async function bare(): Promise<{hwm: number; rss: number}> {
	const file = new URL(import.meta.url.endsWith('.ts') ? './idle-bare.ts' : './idle-bare.js', import.meta.url);
	const child = fork(file, [], {execArgv: []});
	await once(child, 'message');
	await sleep(idleMs);
	const memory = memoryOf(child.pid!);
	const exited = once(child, 'exit');
	child.send('leave');
	const [code] = await exited;
	if (code !== 0) throw new Error('idle child failed');
	return memory;
}

const results: {hwm: number; rss: number}[] = [];
for (let i = 0; i < samples; i++) results.push(impl === 'sync-demo' ? await ours() : await bare());
if (impl === 'sync-demo') await shutdown();
const hwm = results.map(r => r.hwm);
report({
	bench: 'idle-memory',
	impl: impl === 'sync-demo' ? 'sync-demo' : 'node-child_process.fork',
	samples,
	idle_ms: idleMs,
	median_vmhwm_kb: median(hwm),
	median_vmrss_kb: median(results.map(r => r.rss)),
	min_vmhwm_kb: Math.min(...hwm),
	max_vmhwm_kb: Math.max(...hwm),
	correct: hwm.every(Number.isFinite),
});
