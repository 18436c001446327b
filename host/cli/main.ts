/**
 * `nucleon` entry: finds host/cli/commands/<name>.ts and runs it. Commands are loaded lazily
 * so `nucleon info` does not pay for the trainer's imports.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from './command';
import { UsageError } from './command';

const commandsDir = path.join(__dirname, 'commands');

function listCommands(): string[] {
  return fs
    .readdirSync(commandsDir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(ts|js)$/, ''))
    .sort();
}

function load(name: string): Command | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !listCommands().includes(name)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(commandsDir, name)) as { default: Command };
  return mod.default;
}

function help(): string {
  const lines = ['usage: nucleon <command> [options]   (nucleon help <command> for details)', '', 'commands:'];
  for (const name of listCommands()) {
    const cmd = load(name);
    if (cmd) lines.push(`  ${name.padEnd(12)} ${cmd.summary}`);
  }
  return lines.join('\n');
}

/** User input as shown in an error: long text cut. */
function shown(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0];
    const cmd = topic !== undefined ? load(topic) : undefined;
    if (topic !== undefined && !cmd) {
      process.stderr.write(`nucleon help: unknown command "${shown(topic)}"; commands: ${listCommands().join(', ')}\n`);
      return 2;
    }
    process.stdout.write((cmd ? cmd.usage : help()) + '\n');
    return name === undefined ? 2 : 0;
  }
  const cmd = load(name);
  if (!cmd) {
    process.stderr.write(`nucleon: unknown command "${shown(name)}"\n\n${help()}\n`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`nucleon ${name}: ${err.message}\n\n${cmd.usage}\n`);
      return 2;
    }
    const e = err as { code?: string; message?: string };
    process.stderr.write(`nucleon ${name}: ${e.code ? `[${e.code}] ` : ''}${e.message ?? String(err)}\n`);
    return 1;
  }
}

if (require.main === module || process.argv[1]?.endsWith('nucleon.js')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`nucleon: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
