import type { JobHelpers, Task } from 'graphile-worker';
import { JOBS, type JobName, type JobPayload } from '@/lib/jobs/registry';

/**
 * A task file: the registered job it implements and a handler calling lib/ use cases (DESIGN.md
 * §8, §11). A payload that does not match the registry is a permanent error, reported clearly.
 */
export interface TaskDefinition<N extends JobName = JobName> {
  name: N;
  run(payload: JobPayload<N>, helpers: JobHelpers): Promise<void>;
}

export function defineTask<N extends JobName>(name: N, run: TaskDefinition<N>['run']): TaskDefinition<N> {
  return { name, run };
}

export function toTask<N extends JobName>(def: TaskDefinition<N>): Task {
  return async (raw, helpers) => {
    const parsed = JOBS[def.name].safeParse(raw ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(racine)'} ${i.message}`).join(' ; ');
      throw new Error(`Charge utile invalide pour la tâche ${def.name} : ${issues}`);
    }
    await def.run(parsed.data as JobPayload<N>, helpers);
  };
}
