import {barrierSuite} from './support/barrier-suite.ts';

// The cases across processes on a run nobody listens to (its fast paths on, no events made).
barrierSuite(false);
