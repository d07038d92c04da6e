import type {Catalogue} from '../en/index.ts';
import {facts} from './facts.ts';
import {hang} from './hang.ts';
import {lessonsLocks} from './lessons-locks.ts';
import {lessonsMore} from './lessons-more.ts';
import {lessonsPc} from './lessons-pc.ts';
import {lessonsQueues} from './lessons-queues.ts';
import {program} from './program.ts';
import {tool} from './tool.ts';

/** 中文目录: 和英文目录的键完全相同。 */
export const zh: Catalogue = {
	tool,
	hang,
	facts,
	program,
	scenarios: {...lessonsLocks, ...lessonsQueues, ...lessonsPc, ...lessonsMore},
};
