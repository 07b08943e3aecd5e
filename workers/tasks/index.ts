import type { TaskList } from 'graphile-worker';
import { toTask, type TaskDefinition } from './define';
import aafImportNightly from './aaf-import-nightly';
import sendMessage from './send-message';
import statsNightly from './stats-nightly';
import statsSchool from './stats-school';

/** Every task the workers run. Add a task file here and, if it is periodic, in crontab.ts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const taskDefinitions: TaskDefinition<any>[] = [sendMessage, aafImportNightly, statsNightly, statsSchool];

export const taskList: TaskList = Object.fromEntries(taskDefinitions.map((d) => [d.name, toTask(d)]));
