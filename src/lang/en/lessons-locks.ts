/** The lock, semaphore and event lessons, in English: list line, lesson points, the program's lines, verdicts. */
export const lessonsLocks = {
	'print-race': {
		summary: 'processes share one terminal; a lock keeps each start/done pair together',
		explain: [
			'Five processes each print "n >>> pid is running", sleep a random 0–1 s and print "n >>> pid is done".',
			'Without a lock they all start at once and their lines interleave: the terminal is a shared resource.',
			'With --lock each process holds the lock around its two lines, so every pair is adjacent — the work became serial: safety bought with speed.',
		],
		lines: {
			running: (n: number, pid: number) => `${n} >>> process ${pid} is running`,
			done: (n: number, pid: number) => `${n} >>> process ${pid} is done`,
		},
		verdict: {
			interleaved: (interleaved: number, workers: number) => `${interleaved} of ${workers} start/done pairs were interleaved by other processes`,
			serialized: (workers: number) => `all ${workers} start/done pairs were adjacent`,
		},
	},
	'ticket-grab': {
		summary: 'clients race to buy the last ticket from a JSON file; a lock stops overselling',
		explain: [
			'A JSON file holds {"count": 1}. Each client reads it, waits 0.5 s (read latency), and if a ticket is left decrements, waits 1 s (write latency) and writes the file back.',
			'Without a lock every client reads count 1 before anyone writes: all of them buy the last ticket.',
			'With --lock the read-modify-write is serial: exactly one client buys it.',
		],
		lines: {
			left: (count: number) => `tickets left: ${count}`,
			bought: (i: number) => `client ${i} bought a ticket`,
		},
		verdict: {
			oversold: (sold: number, available: number) => `${sold} tickets sold but only ${available} existed: the race oversold`,
			safe: (sold: number, available: number, left: number) => `${sold} of ${available} ticket(s) sold, ${left} left: no ticket sold twice`,
		},
	},
	'arcade-semaphore': {
		summary: 'ten customers, four game machines: a semaphore lets four play at a time',
		explain: [
			'A Semaphore(4) is a counter of free machines: acquire() takes one (and waits at 0), release() gives it back.',
			'Ten customers arrive together; four play (2–4 s each) while the others wait at the door.',
			'Unlike a lock, a semaphore lets a fixed number of processes in at once.',
		],
		lines: {
			playing: (i: number) => `customer ${i} is playing`,
			leaves: (i: number, seconds: number) => `customer ${i} leaves after ${seconds} s`,
		},
		verdict: {
			overLimit: (peak: number, machines: number) => `${peak} played at once on ${machines} machines`,
			withinLimit: (peak: number, machines: number, played: number, customers: number, wait: string) =>
				`at most ${peak} of ${machines} machines in use at once; ${played} of ${customers} customers played; longest wait ${wait} s (run time)`,
		},
	},
	'event-basics': {
		summary: 'isSet/set/clear, then wait(): passes when set, blocks forever when clear',
		explain: [
			'An Event is a flag: isSet() reads it, set() raises it, clear() lowers it.',
			'wait() returns at once while the flag is up; while it is down, wait() blocks until someone calls set().',
			'The last part calls wait() after clear() with nobody left to set it: Python hangs there forever; sync-demo detects the hang, names the waiter, and ends the run.',
		],
		lines: {
			isSet: (value: boolean) => `isSet(): ${value}`,
			before: 'before wait()',
			after: 'after wait()',
		},
		hangHint: 'wait() on a cleared event returns only after someone calls set(); here nobody is left who could',
		verdict: {
			hang: 'wait() after set() passed; wait() after clear() blocked forever, and nobody was left to set the event',
			noHang: (value: string) => `wait() after clear() returned ${value}`,
		},
	},
	'traffic-light': {
		summary: 'a light process sets and clears an event; cars wait on red and go on green',
		explain: [
			'The light is an Event: set() = green, clear() = red. The light process cycles red 6 s, green 3 s.',
			'Every second three new car processes arrive: on green they go at once; on red they wait() and go when it turns green.',
			'The tutorial runs forever; here the cars stop arriving after --duration seconds, and the run ends when the last car has gone.',
		],
		lines: {
			red: '!!! red light !!!',
			green: '~~~ green light ~~~',
			waiting: (i: number) => `car ${i} is waiting......`,
			goes: (i: number) => `car ${i} goes........`,
			mayGo: (i: number) => `car ${i} may go....`,
		},
		verdict: {
			ranRed: (wentWhileRed: number, crossed: number, cars: number) => `${wentWhileRed} car(s) went while red; ${crossed} of ${cars} crossed`,
			obeyed: (waited: number, green: number) => `${waited} car(s) waited on red, ${green} went on green; none went while red`,
		},
	},
};
