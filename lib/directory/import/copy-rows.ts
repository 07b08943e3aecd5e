/** Text-format COPY helpers: values escaped as PostgreSQL's COPY text format expects. */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const COPY_SPECIAL = /[\\\t\n\r]/;
const ARRAY_SPECIAL = /[\\"]/;

function escapeText(v: string): string {
  if (!COPY_SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function arrayLiteral(values: string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += `${i ? ',' : ''}"${ARRAY_SPECIAL.test(v) ? v.replace(/[\\"]/g, (c) => `\\${c}`) : v}"`;
  }
  return `${out}}`;
}

export type CopyValue = string | number | bigint | boolean | null | undefined | string[];

function copyValue(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeText(v);
  if (Array.isArray(v)) return escapeText(arrayLiteral(v));
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

/**
 * One COPY text line. Called for every record of an import (a million and more): a plain loop,
 * and values without a special character are not rewritten.
 */
export function copyLine(values: CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + copyValue(values[i]);
  return `${line}\n`;
}

/** Writes with back-pressure: waits for 'drain' when the stream's buffer is full. */
export async function writeWithBackpressure(stream: Writable, data: string): Promise<void> {
  if (!stream.write(data))
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (e: Error) => {
        stream.off('drain', onDrain);
        reject(e);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
}

/** Runs `sql`, a COPY … FROM STDIN, on `client`, fed by `write`; on any error the stream is closed and it rejects. */
export async function copyInto(
  client: pg.Client,
  sql: string,
  write: (stream: Writable) => Promise<void>,
): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  try {
    await write(stream);
  } catch (e) {
    stream.destroy();
    await done.catch(() => undefined);
    throw e;
  }
  stream.end();
  await done;
}
