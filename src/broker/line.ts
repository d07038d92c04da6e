import {Deque} from '../deque.ts';

/** Requests of one kind waiting in a unit, first come first served; a waiter can leave from anywhere (timeout, exit). */
export class Line<W> extends Deque<W> {
	delete(waiter: W): boolean {
		return this.remove(item => item === waiter);
	}
}
