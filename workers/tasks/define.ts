import type { JobHelpers, Task } from 'graphile-worker';
import type { z } from 'zod';

/**
 * A task file: a zod payload schema and a handler calling one lib/ use case (DESIGN.md §8, §11).
 * A payload that does not match is a permanent error for this job, reported clearly.
 */
export interface TaskDefinition<S extends z.ZodType> {
  name: string;
  payload: S;
  run(payload: z.infer<S>, helpers: JobHelpers): Promise<void>;
}

export function defineTask<S extends z.ZodType>(def: TaskDefinition<S>): TaskDefinition<S> {
  return def;
}

export function toTask<S extends z.ZodType>(def: TaskDefinition<S>): Task {
  return async (raw, helpers) => {
    const parsed = def.payload.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new Error(
        `Charge utile invalide pour la tâche ${def.name} : ${parsed.error.issues.map((i) => `${i.path.join('.') || '(racine)'} ${i.message}`).join(' ; ')}`,
      );
    }
    await def.run(parsed.data, helpers);
  };
}
