import { InputError } from '../../core/errors'
import { strategyExamples } from '../../core/strategies/examples'
import { modelsCommand, runCommand, runsCommand, scoreCommand, showCommand } from './commands'
import type { Io } from './io'
import { diffCommand } from './diff-command'
import { exportCommand } from './export-command'
import { importCommand } from './import-command'
import { sweepCommand } from './sweep-command'

export const USAGE = `decoding-lab: compare decoding strategies, step by step, as probability trees

  models [--json]
  models --discover [--folder DIR …] [--json]
  models add-ngram --text FILE --order N --unit char|word --name NAME [--json]
  models add-remote --url URL --model NAME [--api openai|llama-server] [--api-key-env VAR] --name ID [--json]
  run --model ID|PATH [--prompt TEXT] --strategy SPEC [--strategy SPEC …] [--max-tokens N] [--top N] [--force "TOKENS"] [--chat|--no-chat] [--system TEXT]
      [--context-size N] [--gpu auto|off] [--gpu-layers N|auto] [--db PATH] [--json]
  sweep --model ID|PATH [--prompt TEXT | --prompts FILE] --strategy SPEC --grid KEY=V1,V2,… [--grid …] [--samples N] [--seeds N [--csv FILE]] [--max-tokens N] [--top N] [--force "TOKENS"] [--concurrency N] [--chat|--no-chat] [--system TEXT]
      [--context-size N] [--gpu auto|off] [--gpu-layers N|auto] [--db PATH] [--json]
  score --model ID|PATH --text TEXT [--prompt TEXT] [--eos] [--ranks] [--save [--top N] [--db PATH]] [--chat [--system TEXT]] [--context-size N] [--gpu auto|off] [--gpu-layers N|auto] [--json]
  runs [--db PATH] [--json]
  show RUN_ID [--db PATH] [--json]
  diff RUN_A RUN_B [--db PATH] [--json]
  export run:ID|exp:ID --format html|pdf|json|csv|dot --out FILE [--max-nodes N] [--lang en|zh-CN] [--db PATH] [--json]
  import FILE [--db PATH] [--json]

SPEC is NAME[:key=value,…]: ${strategyExamples()}
        (speculative: the draft model proposes, --model checks)
--force "TOKENS" puts tokens after the prompt; every strategy continues from them. TOKENS are token texts as show
        prints them (space-separated, ␣ a space, ⏎ a newline), ids (#1879), or a JSON array of texts and ids ('[" world", 198]').
--save stores the scored text in history as a run named score, each token with its top N alternatives (--top, default 10).
--chat (score) scores the text as the assistant's reply to --prompt in the model's chat template: the rendered prompt is the context (--system adds a system turn).
--ranks adds each token's 0-based rank in the model's full distribution (0 = its top pick) and the count in each GLTR bucket (top1, top10, top100, top1000, rest).
--context-size N sets the tokens a GGUF model's context holds, up to its trained length (default: that, at most 1024).
sweep runs one experiment with a run per grid cell; the same command again resumes it, skipping finished cells.
--seeds N repeats every cell under seeds S…S+N−1 (S the strategy's seed, 1 unless given) and gives each metric's mean
and 95% bootstrap interval over prompts × seeds (percentile method, 1000 resamples, seeded with S); --csv FILE writes them.
export takes a run (run:12) or a whole experiment (exp:3); csv writes FILE's name with .nodes and .sequences
before its extension; --max-nodes (default 400) cuts the drawn tree of html, pdf and dot to its most probable branches;
--lang zh-CN writes an html or pdf report's words in Simplified Chinese (default en).
diff compares two runs of one prompt (another backend, build or setting): the first step where their chosen tokens
differ, and before it each step's KL divergence and total variation over the tokens both list plus the lumped rest.
models --discover lists the GGUF files under ~/.lmstudio/models, ~/.cache/lm-studio/models, ~/.cache/huggingface/hub,
~/.ollama/models and each --folder, reading headers only.
--chat renders the prompt as a user turn of the model's chat template (tokenizer.chat_template), after --system TEXT
if given, with the generation prompt added; it is the default for GGUF models that have a template, --no-chat turns it off.
GGUF models run on a GPU where llama.cpp's CUDA, Vulkan or Metal build loads (--gpu auto, the default), else on the CPU;
--gpu off (or DECODING_LAB_GPU=off) forces the CPU; --gpu-layers (run, sweep, score) sets the layers offloaded (default auto).
The database defaults to the per-user data folder; --db or DECODING_LAB_DB override it.`

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  models: modelsCommand,
  run: runCommand,
  score: scoreCommand,
  runs: runsCommand,
  show: showCommand,
  diff: diffCommand,
  export: exportCommand,
  import: importCommand,
  sweep: sweepCommand,
}

/** Exit codes: 0 done, 1 a failure while decoding, 2 bad input (one line on stderr). */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE)
    return command === undefined ? 2 : 0
  }
  // The command comes from the user: `__proto__` or `constructor` must not find Object.prototype's members.
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
  try {
    if (!handler)
      throw new InputError(`unknown command "${command}"; use one of ${Object.keys(COMMANDS).join(', ')} (see --help)`)
    return await handler(rest, io)
  } catch (err) {
    const message = oneLine(err instanceof Error ? err.message : String(err))
    if (err instanceof InputError) {
      io.err(`error: ${message}\n`)
      return 2
    }
    io.err(`error: ${message}\n`)
    return 1
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

/**
 * A reader that stops early (`show 3 | head`) closes the pipe: that ends the CLI quietly with 0,
 * as for any Unix tool, instead of an unhandled EPIPE. What was stored before is stored.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0)
    else throw err
  })
}

/** Entry point of bin/decoding-lab.cjs. */
export function runCli(): void {
  endQuietlyOnClosedPipe(process.stdout)
  // Nowhere left to say anything: stop trying, but let the command finish.
  process.stderr.on('error', () => undefined)
  const io: Io = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(text),
    live: process.stderr.isTTY === true,
  }
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code
    },
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exitCode = 1
    },
  )
}
