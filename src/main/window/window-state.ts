import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/**
 * The desktop window as it was left: its bounds and the renderer's URL hash (the open experiment, tab
 * and selection, as the renderer keeps them there), so that a restart returns to the same place.
 */
export interface WindowState {
  bounds: { x?: number; y?: number; width: number; height: number }
  maximized: boolean
  hash: string
}

export const DEFAULT_WINDOW_STATE: WindowState = { bounds: { width: 1100, height: 760 }, maximized: false, hash: '' }

const windowStateSchema = z.object({
  bounds: z.object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(400).max(20_000),
    height: z.number().int().min(300).max(20_000),
  }),
  maximized: z.boolean(),
  // The renderer's own state (`token=…&exp=2&tab=tree`): short, and no way out of the hash.
  hash: z
    .string()
    .max(2_000)
    .regex(/^[\w=&%.,:+-]*$/),
})

export const windowStateFile = (dataDir: string): string => path.join(dataDir, 'window-state.json')

/** The saved state; the defaults when there is none or it cannot be read (a damaged file is no reason not to start). */
export function readWindowState(file: string): WindowState {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE
  } catch {
    return DEFAULT_WINDOW_STATE
  }
}

/** Writes the state through a temporary file, so that a crash mid-write leaves the old one whole. */
export function writeWindowState(file: string, state: WindowState): void {
  const parsed = windowStateSchema.safeParse(state)
  if (!parsed.success) return
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, `${JSON.stringify(parsed.data)}\n`)
  fs.renameSync(tmp, file)
}

/** The hash part of a renderer URL, without '#'. */
export function hashOf(url: string): string {
  const i = url.indexOf('#')
  return i < 0 ? '' : url.slice(i + 1)
}
