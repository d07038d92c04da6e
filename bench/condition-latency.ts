/**
 * Twin of anchors/condition_latency.py: ping-pong on one Condition (with its
 * default RLock) over R timed rounds after 100 warm-up rounds. The child,
 * holding the lock, notifies and waits, over and over; one round in the main
 * process, which holds the lock between waits: t = now; cond.wait();
 * cond.notify(); rtt = now - t.
 */
import {Condition, Process, shutdown} from '../src/index.ts';
import {intOptions, report, rttStats, workersUrl} from './common.ts';
import {pingPong} from './crew.ts';

const WARMUP = 100;
const {
	values: {rounds},
} = intOptions({rounds: 2000});

const cond = new Condition(undefined, {name: 'ping-pong'});
const total = WARMUP + rounds;
await cond.acquire();
const child = new Process({module: workersUrl(import.meta.url), target: 'conditionResponder', name: 'responder', args: [cond, total]});
await child.start();

const {rtts, right: notified} = await pingPong(WARMUP, rounds, async () => {
	const woken = await cond.wait({timeout: 60_000});
	await cond.notify();
	return woken;
});
await cond.release();
const code = await child.join();
await shutdown();

report({bench: 'condition-latency', impl: 'sync-demo', rounds, ...rttStats(rtts, true), correct: code === 0 && rtts.length === rounds && notified === total});
