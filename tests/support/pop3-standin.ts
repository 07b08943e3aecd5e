/**
 * A POP3 server standing in for the académie's bounce mailbox (RFC 1939: USER, PASS, LIST, TOP,
 * RETR, DELE, QUIT): `messages` is the mailbox; deletions apply at QUIT, as a real server does.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Pop3Standin {
  url: string;
  /** The mailbox's messages, as they are after the last QUIT. */
  messages: string[];
  /** Every command received (PASS hidden), for the tests to read. */
  commands: string[];
  close(): Promise<void>;
}

const stuffed = (text: string) => text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');

export async function startPop3Standin({
  user = 'rebonds',
  password = 'secret-pop3',
  messages,
  dropOn,
  noTop = false,
}: {
  user?: string;
  password?: string;
  messages: string[];
  /** A command (« RETR 2 ») at which the server drops the connection without answering, once. */
  dropOn?: string;
  /** A server without TOP (optional in RFC 1939). */
  noTop?: boolean;
}): Promise<Pop3Standin> {
  let drop = dropOn;
  const standin: Pop3Standin = { url: '', messages, commands: [], close: async () => undefined };
  const server = net.createServer((socket) => {
    let authorised = false;
    let who = '';
    const deleted = new Set<number>();
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const multi = (body: string) => socket.write(`+OK\r\n${body ? `${stuffed(body)}\r\n` : ''}.\r\n`);
    const message = (arg: string) => {
      const n = Number(arg);
      return Number.isInteger(n) && n >= 1 && n <= standin.messages.length && !deleted.has(n) ? n : null;
    };
    reply('+OK POP3 de test prêt');
    let pending = '';
    socket.on('data', (d) => {
      pending += d.toString('latin1');
      let i: number;
      while ((i = pending.indexOf('\r\n')) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 2);
        const [command, ...args] = line.split(' ');
        standin.commands.push(command === 'PASS' ? 'PASS ***' : line);
        if (line === drop) {
          drop = undefined;
          socket.destroy();
          return;
        }
        if (command === 'USER') {
          who = args[0];
          reply('+OK');
        } else if (command === 'PASS') {
          authorised = who === user && args.join(' ') === password;
          reply(authorised ? '+OK boîte ouverte' : '-ERR [AUTH] identifiants refusés');
        } else if (!authorised) reply('-ERR connectez-vous d’abord');
        else if (command === 'LIST')
          multi(
            standin.messages
              .map((m, k) => (deleted.has(k + 1) ? null : `${k + 1} ${Buffer.byteLength(m)}`))
              .filter(Boolean)
              .join('\r\n'),
          );
        else if (command === 'TOP' && noTop) reply('-ERR commande non prise en charge');
        else if (command === 'TOP' || command === 'RETR') {
          const n = message(args[0]);
          if (n === null) reply('-ERR pas de tel message');
          else {
            const text = standin.messages[n - 1].replace(/\r?\n/g, '\r\n');
            const end = text.indexOf('\r\n\r\n');
            multi(command === 'TOP' ? `${text.slice(0, end)}\r\n` : text);
          }
        } else if (command === 'DELE') {
          const n = message(args[0]);
          if (n !== null) deleted.add(n);
          reply(n === null ? '-ERR pas de tel message' : '+OK marqué');
        } else if (command === 'QUIT') {
          standin.messages = standin.messages.filter((_, k) => !deleted.has(k + 1));
          reply('+OK au revoir');
          socket.end();
        } else reply('-ERR commande inconnue');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  standin.url = `pop3://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  standin.close = () => new Promise((r) => server.close(() => r()));
  return standin;
}
