import type { TaskList } from 'graphile-worker';
import type { JobName } from '@/lib/jobs/registry';
import { toTask, type TaskDefinition } from './define';
import aafImportNightly from './aaf-import-nightly';
import notificationBatch from './notification-batch';
import portalRequest from './portal-request';
import purgeAccounts from './purge-accounts';
import purgeLetters from './purge-letters';
import purgePortalState from './purge-portal';
import readBounces from './read-bounces';
import sendMessage from './send-message';
import sendMessages from './send-messages';
import statsNightly from './stats-nightly';
import statsSchool from './stats-school';

/** Every task the workers run: exactly one per job of lib/jobs/registry.ts (checked by the type below). */
const definitions: { [N in JobName]: TaskDefinition<N> } = {
  'send-message': sendMessage,
  'send-messages': sendMessages,
  'aaf-import-nightly': aafImportNightly,
  'stats-nightly': statsNightly,
  'stats-school': statsSchool,
  'notification-batch': notificationBatch,
  'purge-letters': purgeLetters,
  'purge-portal': purgePortalState,
  'purge-accounts': purgeAccounts,
  'read-bounces': readBounces,
  'portal-request': portalRequest,
};

export const taskList: TaskList = Object.fromEntries(
  Object.values(definitions).map((d) => [d.name, toTask(d as TaskDefinition)]),
);
