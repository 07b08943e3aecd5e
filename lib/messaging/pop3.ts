import net from 'node:net';
import tls from 'node:tls';

/**
 * A POP3 mailbox (RFC 1939), as much of it as reading the bounce mailbox needs: USER/PASS over TLS
 * (`pop3s://`, port 995) or in the clear (`pop3://`, port 110, a relay on the same host), LIST, TOP,
 * RETR, DELE, QUIT. Deletions take effect at QUIT only: a run that fails half-way deletes nothing.
 * The credentials never appear in an error.
 */
export interface Pop3Mailbox {
  /** The mailbox's messages in order: number and size in bytes. */
  list(): Promise<{ n: number; size: number }[]>;
  /**
   * The headers of message `n` (TOP n 0); TOP being optional, the whole message from a server without
   * it (`whole`: no need to retrieve it again).
   */
  headers(n: number): Promise<{ text: Buffer; whole: boolean }>;
  /** Message `n`, whole. */
  retrieve(n: number): Promise<Buffer>;
  /** Marks message `n` for deletion (done at `quit`). */
  remove(n: number): Promise<void>;
  /** Ends the session, applying the deletions. */
  quit(): Promise<void>;
  /** Drops the connection without QUIT (nothing deleted). */
  close(): void;
}

/** The server answered -ERR: the session goes on (unlike a connection lost or silent). */
export class Pop3Refusal extends Error {}

const CRLF = Buffer.from('\r\n');
const END = Buffer.from('\r\n.\r\n');
const EMPTY = Buffer.from('.\r\n');
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export async function openPop3(address: string, { timeoutMs }: { timeoutMs: number }): Promise<Pop3Mailbox> {
  const url = new URL(address);
  const secure = url.protocol === 'pop3s:';
  if (!secure && url.protocol !== 'pop3:')
    throw new Error(`adresse de boîte POP3 attendue (pop3s://…), reçu ${url.protocol}`);
  const host = url.hostname;
  const port = Number(url.port || (secure ? 995 : 110));
  const where = `${host}:${port}`;
  const socket: net.Socket = secure ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
  socket.setTimeout(timeoutMs);

  let buffer = Buffer.alloc(0);
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    wake?.();
  };
  socket.on('data', (d: Buffer) => {
    buffer = Buffer.concat([buffer, d]);
    // No answer this service asks for is that long (the messages it reads are under 1 MB).
    if (buffer.length > MAX_ANSWER_BYTES) {
      fail(new Error(`la boîte ${where} envoie une réponse de plus de ${MAX_ANSWER_BYTES >> 20} Mo`));
      socket.destroy();
    }
    wake?.();
  });
  socket.on('timeout', () => {
    fail(new Error(`la boîte ${where} n'a pas répondu en ${timeoutMs / 1000} s`));
    socket.destroy();
  });
  socket.on('error', (e) => fail(new Error(`boîte ${where} injoignable : ${e.message}`)));
  socket.on('close', () => fail(new Error(`la boîte ${where} a fermé la connexion`)));

  /** Waits until `find` locates the end of an answer in the buffer ([where it ends, bytes to skip]), then takes it. */
  const take = async (find: (b: Buffer) => [number, number] | null): Promise<Buffer> => {
    for (;;) {
      const found = find(buffer);
      if (found) {
        const out = buffer.subarray(0, found[0]);
        buffer = buffer.subarray(found[0] + found[1]);
        return out;
      }
      if (failure) throw failure;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
  };
  const at = (b: Buffer, mark: Buffer): [number, number] | null => {
    const i = b.indexOf(mark);
    return i < 0 ? null : [i, mark.length];
  };
  const statusLine = async (command: string) => {
    const line = (await take((b) => at(b, CRLF))).toString('utf8');
    if (!line.startsWith('+OK')) throw new Pop3Refusal(`la boîte ${where} a refusé ${command} : ${line.slice(0, 200)}`);
    return line;
  };
  /** A multi-line answer: up to the line with a single dot (the first line, when empty), dot-stuffing undone. */
  const block = async () => {
    const body = await take((b) => (b.subarray(0, 3).equals(EMPTY) ? [0, 3] : at(b, END)));
    return Buffer.from(body.toString('latin1').replace(/^\.\./gm, '.'), 'latin1');
  };
  const send = async (command: string, multiline: boolean, shown = command) => {
    socket.write(`${command}\r\n`);
    await statusLine(shown);
    return multiline ? block() : Buffer.alloc(0);
  };

  try {
    await statusLine('la connexion');
    await send(`USER ${decodeURIComponent(url.username)}`, false, 'l’utilisateur');
    await send(`PASS ${decodeURIComponent(url.password)}`, false, 'le mot de passe');
  } catch (e) {
    socket.destroy();
    throw e;
  }
  let withTop = true;
  return {
    async list() {
      const text = (await send('LIST', true)).toString('latin1');
      return text
        .split('\r\n')
        .map((l) => l.split(' ').map(Number))
        .filter(([n, size]) => Number.isInteger(n) && n > 0 && Number.isFinite(size))
        .map(([n, size]) => ({ n, size }));
    },
    async headers(n) {
      if (withTop) {
        try {
          return { text: await send(`TOP ${n} 0`, true), whole: false };
        } catch (e) {
          if (!(e instanceof Pop3Refusal)) throw e;
          withTop = false;
        }
      }
      return { text: await send(`RETR ${n}`, true), whole: true };
    },
    retrieve: (n) => send(`RETR ${n}`, true),
    remove: async (n) => void (await send(`DELE ${n}`, false)),
    async quit() {
      await send('QUIT', false);
      socket.end();
    },
    close: () => void socket.destroy(),
  };
}
