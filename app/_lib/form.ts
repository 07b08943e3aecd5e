import { z } from 'zod';

/** The fields of a form: a key given once is a string, a key given several times an array. */
export function formFields(formData: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue; // React's own fields
    const values = formData.getAll(key).filter((v): v is string => typeof v === 'string');
    fields[key] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

/** A form field that may be given once, several times or not at all, as an array. */
export const formList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));
