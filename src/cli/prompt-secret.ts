import { createInterface } from 'node:readline';

/**
 * Asks for a secret on the terminal without echoing it (the Cloudflare API token of
 * `egressctl agent --warp`). Null when there is no terminal to ask on: the caller says which
 * environment variable to set instead.
 */
export function promptSecret(question: string): Promise<string | null> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return Promise.resolve(null);
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput;
    let asked = false;
    // Echo the question, never what is typed.
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text) => {
      if (!asked) write.call(rl, text);
    };
    rl.question(question, (answer) => {
      process.stderr.write('\n');
      rl.close();
      resolve(answer.trim() || null);
    });
    asked = true;
  });
}
