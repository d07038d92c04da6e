/**
 * Twin of anchors/value_counter.py: N processes × K rounds of
 * `value.value += 1` under `value.getLock()` on a shared Value('i'), which
 * must end exact; --no-lock races on purpose. Clock: from "go" (every child
 * ready) to the last "done".
 */
import {shutdown, Value} from '../src/index.ts';
import {intOptions, workersUrl} from './common.ts';
import {goDone, reportCount} from './crew.ts';

const {
	values: {procs, ops},
	flags,
} = intOptions({procs: 4, ops: 5000}, ['no-lock']);
const locked = !flags['no-lock'];

const value = new Value('i', 0, {name: 'counter'});
const run = await goDone(workersUrl(import.meta.url), 'valueCounter', procs, [value, ops, locked]);
const final = value.value;
await shutdown();

reportCount('value-counter', `sync-demo${locked ? '' : '-nolock'}`, {procs, ops, final, exact: locked}, run);
