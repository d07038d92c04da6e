/**
 * Twin of anchors/condition_latency.py: ping-pong on one Condition (with its
 * default RLock) over R timed rounds after 100 warm-up rounds. The child,
 * holding the lock, notifies and waits, over and over; one round in the main
 * process, which holds the lock between waits: t = now; cond.wait();
 * cond.notify(); rtt = now - t.
 */
import {Condition, Process, shutdown} from '../src/index.ts';
import {intOptions, median, nowS, pct, report, round, workersUrl} from './common.ts';

const WARMUP = 100;
const {
	values: {rounds},
} = intOptions({rounds: 2000});

const cond = new Condition(undefined, {name: 'ping-pong'});
const total = WARMUP + rounds;
await cond.acquire();
const child = new Process({module: workersUrl(import.meta.url), target: 'conditionResponder', name: 'responder', args: [cond, total]});
await child.start();

const rtts: number[] = [];
let notified = 0;
for (let i = 0; i < total; i++) {
	const t = nowS();
	if (await cond.wait({timeout: 60_000})) notified++;
	await cond.notify();
	if (i >= WARMUP) rtts.push(nowS() - t);
}
await cond.release();
const code = await child.join();
await shutdown();

const us = rtts.map(x => x * 1e6).sort((a, b) => a - b);
report({
	bench: 'condition-latency',
	impl: 'sync-demo',
	rounds,
	median_rtt_us: round(median(us), 1),
	p90_rtt_us: round(pct(us, 0.9), 1),
	p99_rtt_us: round(pct(us, 0.99), 1),
	min_rtt_us: round(us[0]!, 1),
	mean_rtt_us: round(us.reduce((a, b) => a + b, 0) / us.length, 1),
	seconds: round(
		rtts.reduce((a, b) => a + b, 0),
		4,
	),
	correct: code === 0 && rtts.length === rounds && notified === total,
});
