import type { TaskList } from 'graphile-worker';
import { toTask, type TaskDefinition } from './define';
import sendMessage from './send-message';

/** Every task the workers run. Add a task file here and, if it is periodic, in crontab.ts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const taskDefinitions: TaskDefinition<any>[] = [sendMessage];

export const taskList: TaskList = Object.fromEntries(taskDefinitions.map((d) => [d.name, toTask(d)]));
