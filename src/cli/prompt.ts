/**
 * Asking the operator for a secret: on the terminal without echo (as
 * Python's getpass), else the first line of stdin (a pipe: `echo pw |`).
 */
import { createInterface } from 'node:readline';
import { EnvironmentError } from '../errors.js';

export function askSecret(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) return firstLine(input);
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    let typed = '';
    const finish = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new EnvironmentError('vault: the password prompt was interrupted'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}

function firstLine(input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input, terminal: false });
    let done = false;
    rl.once('line', (line) => {
      done = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!done) reject(new EnvironmentError('vault: a password was asked for, but stdin ended without one'));
    });
  });
}
