/**
 * The fixture modules (test/fixtures), one behaviour each, as tests pass
 * them to Process: children run their compiled form from dist/test/fixtures.
 */
const fixture = (name: string): URL => new URL(`../fixtures/${name}.ts`, import.meta.url);

export const fixtures = {
	args: fixture('args-workers'),
	barrier: fixture('barrier-workers'),
	counter: fixture('counter-workers'),
	crash: fixture('crash-workers'),
	event: fixture('event-workers'),
	joinable: fixture('joinable-workers'),
	lock: fixture('lock-workers'),
	nested: fixture('nested-workers'),
	pipe: fixture('pipe-workers'),
	prefetch: fixture('prefetch-workers'),
	process: fixture('process-workers'),
	queue: fixture('queue-workers'),
	queueLimit: fixture('queue-limit-workers'),
	semaphore: fixture('semaphore-workers'),
	value: fixture('value-workers'),
	rlock: fixture('rlock-workers'),
	condition: fixture('condition-workers'),
	bounded: fixture('bounded-workers'),
};
