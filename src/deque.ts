/** FIFO with O(1) push, shift and unshift; arrays alone make `shift()` O(n) on long queues. */
export class Deque<T> {
	#items: (T | undefined)[] = [];
	#head = 0;

	get length(): number {
		return this.#items.length - this.#head;
	}

	push(item: T): void {
		this.#items.push(item);
	}

	unshift(item: T): void {
		if (this.#head > 0) {
			this.#items[--this.#head] = item;
		} else {
			this.#items.unshift(item);
		}
	}

	shift(): T | undefined {
		if (this.#head >= this.#items.length) return undefined;
		const item = this.#items[this.#head];
		this.#items[this.#head++] = undefined;
		if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
			this.#items = this.#items.slice(this.#head);
			this.#head = 0;
		}
		return item;
	}

	peek(): T | undefined {
		return this.#items[this.#head];
	}

	/** Remove the first item matching `predicate`; true if one was removed. */
	remove(predicate: (item: T) => boolean): boolean {
		for (let i = this.#head; i < this.#items.length; i++) {
			if (predicate(this.#items[i] as T)) {
				this.#items.splice(i, 1);
				return true;
			}
		}
		return false;
	}

	*[Symbol.iterator](): IterableIterator<T> {
		for (let i = this.#head; i < this.#items.length; i++) yield this.#items[i] as T;
	}
}
