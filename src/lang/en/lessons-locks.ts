/** The lock, semaphore and event lessons, in English: list line, lesson points, the program's lines, verdicts. */
export const lessonsLocks = {
	'print-race': {
		summary: 'processes share one terminal; a lock keeps each start/done pair together',
		explain: [
			'A started process runs on its own, in no order anyone controls. Processes share no data, but they share the file system and the terminal: sharing means competing, and competing means a mess.',
			'Five processes each print "n >>> pid is running", sleep a random 0–1 s and print "n >>> pid is done". Without a lock their lines interleave.',
			"The tutorial's answer is a lock. `with lock:` (the same as lock.acquire() before and lock.release() after) lets one process at a time into the block; here lock.withLock(fn), or acquire() and release().",
			'With --lock every pair is adjacent: the work became serial. That costs time, but nothing competes any more: efficiency traded for safety.',
			'Here the workers wait at a start line (an Event main sets once all are started): a Node process takes tens of milliseconds to start where Python forks in one. At a high --speed start-up still dominates, the race may not show, and the verdict says so.',
		],
		lines: {
			running: (n: number, pid: number) => `${n} >>> process ${pid} is running`,
			done: (n: number, pid: number) => `${n} >>> process ${pid} is done`,
		},
		verdict: {
			interleaved: (interleaved: number, workers: number) => `${interleaved} of ${workers} start/done pairs were interleaved by other processes`,
			serialized: (workers: number) => `all ${workers} start/done pairs were adjacent`,
			notShown: (workers: number, sleepMs: number, speed: number, spreadMs: number) =>
				`all ${workers} start/done pairs were adjacent, but without --lock that was luck: the race did not show, as each worker printed both lines before the next printed its first — each slept at most ${sleepMs} ms (speed ${speed}), and their starts spread over ${spreadMs} ms; at a lower --speed it shows`,
		},
	},
	'ticket-grab': {
		summary: 'clients race to buy the last ticket from a JSON file; a lock stops overselling',
		explain: [
			'A JSON file holds {"count": 1}. Each client looks at the tickets left (search()), then buys (get()): it reads the file, waits 0.5 s (the network delay of a read), and if a ticket is left decrements, waits 1 s (a write) and writes the file back.',
			'Without a lock every client reads count 1 before anyone writes: all of them buy the last ticket. Running at once is fast, but competing writes to one file corrupt it.',
			'With --lock each client takes the lock before buying and releases it after (the lock is passed to every process as an argument, as in the tutorial): buying becomes serial and exactly one client gets the ticket.',
			'What the tutorial concludes about locks: a lock makes processes change shared data one at a time. That is slower, but the data stays right.',
			'Sharing data through a file works, but it is slow (the data is on disk) and you must do the locking yourself. Better: data in memory, with the locking done for you — the message-based IPC of multiprocessing, queues and pipes.',
			'A queue is built from a pipe plus locks. Avoid sharing data, pass messages through queues instead: no locks of your own to get wrong, and it scales better as processes multiply. The queue lessons come next.',
			"Here the file lives in the run's private folder, and the clients wait at a start line, so that all three read before anyone writes, as Python's quick forks do.",
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
			'A lock lets one process at a time into its block; a semaphore lets a fixed number in. Four mini karaoke rooms take four people; a fifth waits outside until someone comes out.',
			"It is a counter: every acquire() takes one off, every release() adds one back, and acquire() blocks while it is 0. This is Dijkstra's semaphore: acquire() is his P(), release() his V(). It suits a limited resource, like the connections a server accepts.",
			'Do not confuse it with a process pool: a pool is a fixed set of worker processes that run tasks for you; a semaphore starts and runs nothing — it is a lock that admits several, around processes you started yourself.',
			'Ten customers, Semaphore(4) game machines; `with s:` takes a machine for 2–4 s (random.randrange(2, 5)). Here machines.withPermit(fn), or acquire() and release().',
			'The verdict counts the most players at once (never more than the machines) and the longest wait at the door. The customers arrive together at a start line; the "leaves" line is not in the tutorial\'s program: sync-demo adds it, with the time really played.',
		],
		lines: {
			playing: (i: number) => `customer ${i} is playing`,
			leaves: (i: number, seconds: number, real: string) => `customer ${i} leaves: played ${seconds} s of scenario time, ${real} s real`,
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
			'An event lets one process (usually main) hold others back and let them go. It is a flag: while it is False, wait() blocks; while it is True, wait() returns at once.',
			'is_set() reads the flag (False at first), set() makes it True, clear() makes it False. Here isSet(), set(), clear() and wait(), awaited: each call goes to the main process, which holds the flag.',
			'The first program calls set() and then wait(): it passes, and "after wait()" is printed.',
			'The second calls set(), clear(), then wait(): nobody will ever set the flag again, so Python waits forever at a silent terminal. sync-demo sees that every process is blocked, names the waiter and ends the run: that hang is the lesson (exit 0).',
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
			'The light is an Event: set() is green, clear() is red. The light process loops for ever: red 6 s, set(), green 3 s, clear().',
			'Every second three new car processes arrive. A car that finds is_set() False prints that it waits, wait()s, and goes when the light turns green; on green it goes at once.',
			'The tutorial runs for ever (while 1). Here --duration bounds the arrivals: after it no car comes, and the run ends once the cars still waiting have crossed — after the next green, so later than --duration. The light is a daemon, stopped at the end.',
		],
		lines: {
			red: '!!! red light !!!',
			green: '~~~ green light ~~~',
			waiting: (i: number) => `car ${i} is waiting......`,
			goes: (i: number) => `car ${i} goes........`,
			mayGo: (i: number) => `car ${i} may go....`,
			noMoreCars: (duration: number) => `--duration ${duration}: no more cars arrive; the run ends once the waiting ones have crossed`,
		},
		verdict: {
			ranRed: (wentWhileRed: number, crossed: number, cars: number) => `${wentWhileRed} car(s) went while red; ${crossed} of ${cars} crossed`,
			obeyed: (waited: number, green: number, arrivals: number, last: number, real: string, speed: number) =>
				`${waited} car(s) waited on red, ${green} went on green; none went while red. Cars arrived during the first ${arrivals} s; the last crossed at ${last} s (scenario time: ${real} s real at speed ${speed})`,
		},
	},
};
