/** The lessons beyond the tutorial (the rest of the toolbox), in English: list line, lesson points, the program's lines, verdicts. */

/** "philosopher-0 holds fork-0 and waits for fork-1, held by philosopher-1, who waits for …, held by philosopher-0". */
function circleOfWaits(circle: readonly number[], n: number): string {
	const fork = (i: number) => `fork-${(i + 1) % n}`;
	const [first, ...rest] = circle;
	return [
		`philosopher-${first} holds fork-${first} and waits for ${fork(first!)}`,
		...rest.map(i => `held by philosopher-${i}, who waits for ${fork(i)}`),
		`held by philosopher-${first}`,
	].join(', ');
}

export const lessonsMore = {
	'dining-philosophers': {
		summary: 'five philosophers, five fork locks, each takes left then right: the classic deadlock, and two fixes',
		explain: [
			"Dijkstra's dining philosophers: n philosophers round a table, one fork between each two, and a philosopher eats only with both forks. Each fork is a Lock; philosopher i's left fork is fork-i, the right one fork-(i+1).",
			'Each takes the left fork, then reaches for the right one. When all sit down at once, every philosopher holds a left fork and waits for a right one that the neighbour holds: a circle of waits, and nobody can ever let go. That is a deadlock: no process fails, they all just wait, for ever.',
			'A deadlock needs four things at once: mutual exclusion (a fork has one holder), hold and wait (a philosopher keeps one fork while waiting for the other), no preemption (nobody takes a fork away), and a circular wait. Break any one and it cannot happen.',
			'--fix ordered breaks the circle: every philosopher takes the lower-numbered fork first, so the last one reaches for fork-0 before fork-(n-1) and the waits can no longer close into a ring. Ordering locks globally is the everyday cure in real programs.',
			'--fix butler breaks hold-and-wait for the table as a whole: a butler (a Semaphore(n-1)) seats at most n-1 philosophers, so at least one of them can always get both forks, eat and give them back.',
			'sync-demo sees every process blocked, follows each wait to the holder of the fork and names the circle in one line. The philosophers start together at a start line and wait a moment between the two forks, so that the deadlock shows on the first run, as the worst interleaving would have it.',
		],
		lines: {
			picksUp: (i: number, left: boolean, fork: number) => `philosopher ${i} picks up the ${left ? 'left' : 'right'} fork (fork-${fork})`,
			eats: (i: number, left: boolean, fork: number, meal: number) =>
				`philosopher ${i} picks up the ${left ? 'left' : 'right'} fork (fork-${fork}) and eats meal ${meal}`,
			putsDown: (i: number) => `philosopher ${i} puts both forks down`,
		},
		hangHint: 'every philosopher holds one fork and waits for the next one: --fix ordered or --fix butler breaks the circle',
		verdict: {
			deadlock: (circle: readonly number[], n: number) => `${circleOfWaits(circle, n)}: a circle of waits, nobody can eat`,
			fed: (eaten: number) => `every meal eaten (${eaten}), no fork ever held by two`,
			fedByLuck: (eaten: number) =>
				`every meal eaten (${eaten}) without a fix: the philosophers never all held a left fork at once this time (luck, not safety)`,
			hungry: (eaten: number, planned: number) => `${eaten} of ${planned} meals eaten`,
			shared: (holders: number) => `a fork was held by ${holders} philosophers at once`,
		},
	},
	rlock: {
		summary: 'a recursive function takes the same lock twice: a Lock deadlocks on itself, an RLock lets it back in',
		explain: [
			'A Lock has one holder and does not care who asks: when the process that holds it calls acquire() again, it waits — for itself, for ever. That is the smallest deadlock there is, a circle of one.',
			'It happens without anyone meaning it: a function that takes a lock calls another (or itself) that takes the same lock. Here a worker walks a recursion --depth levels deep, taking lock L at every level before going one deeper.',
			"An RLock (reentrant lock) remembers its holder and how often it took it: the holder's acquire() returns at once and counts one deeper, and each release() counts one back; other processes can take it only when the count is back to 0. Python's multiprocessing.RLock works the same way.",
			'Without --rlock the worker takes L at level 1 and blocks at level 2: sync-demo sees every process blocked and names it as a deadlock of one ("worker holds lock L and waits for it again"). With --rlock every level takes it, and the levels let go of it in reverse order.',
			'An RLock is not a cure-all: it must be released as often as it was taken, and it is slower than a Lock. Reach for it when code that holds a lock must call code that takes it too.',
		],
		lines: {
			takes: (level: number) => `level ${level}: takes lock L`,
			took: (level: number, depth: number) => `level ${level}: holds lock L (depth ${depth})`,
			released: (level: number) => `level ${level}: let go of lock L`,
		},
		hangHint: 'a Lock is not reentrant: the worker waits for the lock it holds itself; --rlock lets its holder take it again',
		verdict: {
			selfDeadlock: (level: number) => `the worker took lock L at level ${level} and waited for it again one level deeper: it waits for itself, for ever`,
			reentered: (depth: number) => `the worker took lock L at each of ${depth} levels and let go of it ${depth} times`,
			stuck: (deepest: number, depth: number) => `the worker got ${deepest} of ${depth} levels deep`,
		},
	},
	'counter-race': {
		summary: 'four processes add 1 to a shared Value a thousand times each: without its lock updates are lost',
		explain: [
			"A Value is one number in shared memory (here a file in the run's folder that every process reads and writes at once): no messages, no copies, every process sees the latest write.",
			'v.value += 1 looks like one step but is two: read the number, write the number plus one. Two processes that read 41 both write 42: one increment is lost, and nothing tells you.',
			'Four workers each do v.value += 1 --increments times (10 000 by default: each loop then lasts long enough that the four always overlap), all starting together at a start line. Without --lock the total comes out short of workers × increments, by a different amount on every run.',
			"Python's Value comes with a lock (v.get_lock(), an RLock), but it guards each single read or write, not your read-modify-write. With --lock each += 1 is done holding the value's lock (here await lock.acquire() … release() around it, Python's `with v.get_lock():`) and the total is exact.",
			'The price: every increment now takes and gives back a lock, and the workers take turns. Shared memory is fast only as long as you can avoid locking it at every step — another reason to prefer passing messages.',
		],
		lines: {
			done: (i: number, increments: number) => `worker ${i} did v.value += 1 ${increments} times`,
			total: (got: number, expected: number) => `v.value is ${got}; ${expected} increments were made`,
			lockSteps: (steps: number) => `${steps} steps of the value's lock were not printed one a line; --json has them`,
		},
		verdict: {
			lost: (expected: number, got: number) => `expected ${expected}, got ${got}: ${expected - got} updates lost to the read-modify-write race`,
			exact: (got: number) => `the total is exact: ${got}`,
		},
	},
	barrier: {
		summary: 'runners line up at a Barrier: nobody starts until all have arrived; a no-show breaks it',
		explain: [
			'A Barrier(n) holds every process that calls wait() until n of them are waiting, then lets all n go at once. It is a start line: the runners warm up for different lengths of time, but the race starts together.',
			"Here --runners processes, started together at a start line (an Event), each warm up for a random 0–2 s and line up with barrier.wait(). The output shows how far apart they arrived, and how close together they started: the barrier turns arrival order into one moment. Each wait() returns the runner's place in the line, 0 to n-1.",
			'It can be used again: once n have passed, the next n wait() calls make the next cycle (a round of a loop in lockstep, say).',
			'If one party never comes, the others wait for ever — unless the barrier has a timeout. With --no-show 1 a runner stays home; after --barrier-timeout seconds (never less than half a second of real time at a high --speed, so that a process late on a busy machine is not taken for a no-show) the waiting runner whose wait ran out breaks the barrier, and every runner waiting gets BrokenBarrierError: the race is off for all of them, not just for one. A broken barrier stays broken until reset().',
			"Python's multiprocessing.Barrier(parties, action, timeout) works the same way; action, run by one party before all are released, exists here too.",
		],
		lines: {
			linesUp: (i: number) => `runner ${i} lines up`,
			starts: (i: number) => `runner ${i} starts!`,
			noShow: (i: number) => `runner ${i} stays home and never lines up`,
			broken: (i: number) => `runner ${i}: the start was called off (BrokenBarrierError)`,
		},
		verdict: {
			together: (runners: number, arrivals: number, starts: number) =>
				`all ${runners} runners started together: they lined up over ${arrivals} ms and started within ${starts} ms, none before the last had arrived`,
			broken: (waiting: number, noShow: number) =>
				`the barrier broke: ${waiting} runner(s) waiting got BrokenBarrierError${noShow > 0 ? `, as ${noShow} runner(s) never lined up` : ''}`,
			early: (started: number, runners: number) => `${started} of ${runners} runners started, not all after the last had lined up`,
		},
	},
	'bounded-buffer': {
		summary: 'producers and consumers share a bounded buffer through a Condition (a monitor); waiting under if, not while, takes from an empty buffer',
		explain: [
			'A Queue hides its locking. Here the buffer is plain shared state — a count of the items in it, at most --capacity — and a Condition guards it: a lock, plus a line of processes waiting for the state to change. Lock, check, wait or act, notify, unlock: that is a monitor.',
			'A consumer takes the lock and, while the buffer is empty, calls cond.wait(): that gives the lock up, sleeps until another process calls notify() or notifyAll(), and takes the lock back before returning. A producer does the same while the buffer is full. After each put or take the process calls notifyAll(), so that whoever waits looks again.',
			'Look again is the point: a wake-up says only that something changed, not that what you wait for is true. notifyAll() wakes every consumer for one item; the first takes it, and the others must find the buffer empty and wait again. So the wait goes in a while loop, never under an if (and a wait can also end with no notify at all).',
			'With --bug if the consumers check once, under if: two consumers woken for one item both take it, and the second takes from an empty buffer — the count goes below zero. The output marks that take, and the verdict counts them.',
			"Python's threading and multiprocessing Condition work the same way; wait_for(predicate) writes the while loop for you (here waitFor()).",
		],
		lines: {
			put: (i: number, count: number) => `producer ${i} put an item (${count} in the buffer)`,
			took: (i: number, count: number) => `consumer ${i} took an item (${count} left)`,
			underflow: (i: number, count: number) => `consumer ${i} took an item from an EMPTY buffer (count ${count})`,
		},
		hangHint: 'every consumer and producer waits on the condition and nobody is left to notify',
		verdict: {
			underflow: (takes: number, lowest: number) =>
				`${takes} take(s) from an empty buffer, the count down to ${lowest}: a consumer woke under if and did not check again`,
			overflow: (highest: number, capacity: number) => `the buffer held ${highest} items, over its capacity of ${capacity}`,
			complete: (items: number, capacity: number) => `all ${items} items put and taken, the buffer never empty at a take nor over ${capacity}`,
			completeByLuck: (items: number) =>
				`all ${items} items put and taken with no take from empty: this time no two consumers were woken for one item (luck: the if is still wrong)`,
			incomplete: (produced: number, consumed: number, items: number) => `${produced} of ${items} items put, ${consumed} taken`,
		},
	},
	pipe: {
		summary: 'two processes play ping-pong over a duplex Pipe; closing one end gives the other EOFError',
		explain: [
			'A Pipe is two connected ends: what one end send()s, the other recv()s, in order, each value copied (structured clone, as Python pickles). Unlike a Queue it joins exactly two ends, and it is the faster of the two.',
			'Pipe() is duplex by default: both ends send and receive. Here the pinger sends "ping n" and waits for "pong n"; the ponger answers each ping, --messages times.',
			'When the pinger is done it close()s its end. The ponger is waiting in recv(): once no process holds the other end any more, recv() raises EOFError — the way a reader learns that nothing more will come, without a sentinel.',
			"No process holds it any more: main made the pipe and holds both ends too, as in Python, until it closes them. Main closes its copies once the two processes are started; forget that and the ponger's recv() waits for ever (sync-demo would call it a hang).",
			'--one-way makes Pipe({duplex: false}): the first end only receives, the second only sends. Each process first tries the call its end does not allow and gets ValueError (Python raises OSError); then the writer sends, closes, and the reader reads until EOFError.',
		],
		lines: {
			ping: (n: number) => `ping ${n}`,
			pong: (n: number) => `pong ${n}`,
			message: (n: number) => `message ${n}`,
			sent: (message: string) => `sent "${message}"`,
			got: (message: string) => `received "${message}"`,
			closed: 'closed its end of the pipe',
			eof: 'recv() raised EOFError: the other end is closed, nothing more will come',
			cannot: (call: string) => `${call} on this end: ValueError (this end is one-way)`,
		},
		hangHint: 'a recv() waits for a message nobody will send: an end still open somewhere (main holds both until it closes them) keeps EOFError away',
		verdict: {
			exchanged: (messages: number) => `${messages} pings and ${messages} pongs, each received once and in order; then EOFError after the close`,
			oneWay: (messages: number) =>
				`${messages} messages one way, each received once and in order; each end refused the other's call; then EOFError after the close`,
			lost: (sent: number, received: number, expected: number) => `${sent} sent and ${received} received of ${expected}`,
			outOfOrder: 'messages arrived out of order',
			noEof: 'the reader never saw EOFError',
			notOneWay: 'a one-way end did not refuse the call it does not allow',
		},
	},
};
