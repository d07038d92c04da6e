import type {Handle, Kind} from '../ipc/protocol.ts';
import {BarrierUnit} from './barrier.ts';
import {ConditionUnit} from './condition.ts';
import {ConnectionUnit} from './connection.ts';
import type {Broker} from './core.ts';
import {EventUnit} from './event.ts';
import {LockUnit} from './lock.ts';
import {QueueUnit} from './queue.ts';
import {SemaphoreUnit} from './semaphore.ts';
import {ArrayUnit, ValueUnit} from './shared.ts';
import type {Unit} from './unit.ts';

/** The broker unit of each kind of primitive: a new kind is one unit and one line here. */
export const units: {[K in Kind]: (handle: Handle, broker: Broker, initial?: number) => Unit<K>} = {
	queue: (handle, broker) => new QueueUnit(handle, broker),
	lock: (handle, broker) => new LockUnit(handle, broker),
	semaphore: (handle, broker, initial) => new SemaphoreUnit(handle, broker, initial),
	event: (handle, broker) => new EventUnit(handle, broker),
	barrier: (handle, broker) => new BarrierUnit(handle, broker),
	value: handle => new ValueUnit(handle),
	array: handle => new ArrayUnit(handle),
	rlock: (handle, broker) => new LockUnit(handle, broker, 'rlock'),
	condition: (handle, broker) => new ConditionUnit(handle, broker),
	connection: (handle, broker) => new ConnectionUnit(handle, broker),
};
