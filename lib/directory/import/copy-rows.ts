/** Text-format COPY helpers: values escaped as PostgreSQL's COPY text format expects. */
import type { Writable } from 'node:stream';

function escapeText(v: string): string {
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export type CopyValue = string | number | boolean | null | undefined | string[];

export function copyLine(values: CopyValue[]): string {
  return (
    values
      .map((v) => {
        if (v === null || v === undefined) return '\\N';
        if (Array.isArray(v)) return escapeText(arrayLiteral(v));
        if (typeof v === 'boolean') return v ? 't' : 'f';
        return escapeText(String(v));
      })
      .join('\t') + '\n'
  );
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
