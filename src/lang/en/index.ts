import {facts} from './facts.ts';
import {hang} from './hang.ts';
import {lessonsLocks} from './lessons-locks.ts';
import {lessonsMore} from './lessons-more.ts';
import {lessonsPc} from './lessons-pc.ts';
import {lessonsQueues} from './lessons-queues.ts';
import {program} from './program.ts';
import {tool} from './tool.ts';

/** The English catalogue; its shape is every language's (`Catalogue`). */
export const en = {
	tool,
	hang,
	facts,
	/** `sync-demo run <file>`: a program of the learner's own. */
	program,
	/** One entry per scenario, by name. */
	scenarios: {...lessonsLocks, ...lessonsQueues, ...lessonsPc, ...lessonsMore},
};

export type Catalogue = typeof en;
