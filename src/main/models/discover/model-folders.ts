import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ModelSource, SearchedFolder } from '../../../core/discovered-model'
import { listDir } from './list-dir'
import { ollamaModels } from './ollama-manifests'
import type { Candidate } from './candidate'

/** The folder that ~ stands for: os.homedir(), or DECODING_LAB_USER_HOME (tests point it at a fake home). */
export function userHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.DECODING_LAB_USER_HOME || os.homedir()
}

/** Directory entries visited per folder at most, and how deep: a folder of a million files is not a model folder. */
const WALK_LIMITS = { entries: 50_000, depth: 8 }

/**
 * The folders where LM Studio, Hugging Face and Ollama keep models under `home`, then the added ones.
 * LM Studio's custom models folder is the `downloadsFolder` of ~/.lmstudio/settings.json; Ollama's
 * store is $OLLAMA_MODELS when set, as `ollama serve` reads it, else ~/.ollama/models.
 */
export function modelFolders(
  home: string,
  added: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { source: ModelSource; path: string }[] {
  const lmDefault = path.join(home, '.lmstudio', 'models')
  const lmCustom = lmStudioDownloadsFolder(home)
  return [
    { source: 'lmstudio', path: lmDefault },
    ...(lmCustom && lmCustom !== lmDefault ? [{ source: 'lmstudio' as const, path: lmCustom }] : []),
    { source: 'lmstudio', path: path.join(home, '.cache', 'lm-studio', 'models') },
    { source: 'huggingface', path: path.join(home, '.cache', 'huggingface', 'hub') },
    {
      source: 'ollama',
      path: env.OLLAMA_MODELS ? path.resolve(env.OLLAMA_MODELS) : path.join(home, '.ollama', 'models'),
    },
    ...added.map((p) => ({ source: 'folder' as const, path: path.resolve(p) })),
  ]
}

/** The models folder chosen in LM Studio's settings, or null when none is set or the file cannot be read. */
function lmStudioDownloadsFolder(home: string): string | null {
  let settings: unknown
  try {
    settings = JSON.parse(fs.readFileSync(path.join(home, '.lmstudio', 'settings.json'), 'utf8'))
  } catch {
    return null
  }
  const folder = (settings as { downloadsFolder?: unknown } | null)?.downloadsFolder
  return typeof folder === 'string' && folder.trim() !== '' ? path.resolve(home, folder) : null
}

/** Every GGUF file in the model folders, each file once (by its real path), in folder order. */
export function findCandidates(
  home: string,
  added: readonly string[],
): { candidates: Candidate[]; searched: SearchedFolder[] } {
  const searched: SearchedFolder[] = []
  const candidates: Candidate[] = []
  const seen = new Set<string>()
  for (const folder of modelFolders(home, added)) {
    const exists = isDirectory(folder.path)
    searched.push({ ...folder, exists })
    if (!exists) continue
    const found =
      folder.source === 'ollama'
        ? ollamaModels(folder.path)
        : folder.source === 'huggingface'
          ? huggingFaceFiles(folder.path)
          : ggufFiles(folder.path, folder.source)
    for (const c of found) {
      const real = realPath(c.path)
      if (seen.has(real)) continue
      seen.add(real)
      candidates.push(c)
    }
  }
  return { candidates, searched }
}

/** `.gguf` files below `root`, named by their path below it. */
function ggufFiles(root: string, source: ModelSource): Candidate[] {
  return walk(root)
    .filter((file) => /\.gguf$/i.test(file))
    .map((file) => ({ name: path.relative(root, file).split(path.sep).join('/'), source, path: file }))
}

/** hub/models--ORG--NAME/snapshots/REVISION/…/*.gguf, named ORG/NAME/… (the snapshot's files are links into blobs/). */
function huggingFaceFiles(hub: string): Candidate[] {
  const out: Candidate[] = []
  for (const repo of listDir(hub).sort()) {
    if (!repo.startsWith('models--')) continue
    const repoName = repo.slice('models--'.length).split('--').join('/')
    const snapshots = path.join(hub, repo, 'snapshots')
    for (const revision of listDir(snapshots).sort()) {
      const root = path.join(snapshots, revision)
      for (const c of ggufFiles(root, 'huggingface')) out.push({ ...c, name: `${repoName}/${c.name}` })
    }
  }
  return out
}

/** Files below `root` (links followed, each directory once), sorted, within WALK_LIMITS. */
function walk(root: string): string[] {
  const files: string[] = []
  const dirs = new Set<string>()
  let entries = 0
  const visit = (dir: string, depth: number): void => {
    const real = realPath(dir)
    if (dirs.has(real) || depth > WALK_LIMITS.depth) return
    dirs.add(real)
    for (const name of listDir(dir).sort()) {
      if (++entries > WALK_LIMITS.entries) return
      if (name.startsWith('.')) continue
      const full = path.join(dir, name)
      let stat: fs.Stats
      try {
        stat = fs.statSync(full)
      } catch {
        continue
      }
      if (stat.isDirectory()) visit(full, depth + 1)
      else if (stat.isFile()) files.push(full)
    }
  }
  visit(root, 0)
  return files
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p)
  } catch {
    return p
  }
}
