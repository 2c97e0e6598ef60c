import fs from 'node:fs'
import os from 'node:os'

/**
 * The process that decodes a run. A pid alone does not identify a process: a dead owner can stay a
 * zombie (its parent never reaps it), and after a reboot its pid can belong to anything. On Linux
 * the pid with its start time (field 22 of /proc/<pid>/stat, in clock ticks since boot) and the
 * boot id does; elsewhere `started` and `boot` are null and only the pid is checked.
 */
export interface Owner {
  pid: number
  host: string
  started: number | null
  boot: string | null
}

export interface ProcessStat {
  /** R, S, D, Z (zombie), X (dead), … */
  state: string
  started: number
}

/** A process's state and start time from /proc, or null when it has no entry (or this is not Linux). */
export function readProcessStat(pid: number): ProcessStat | null {
  let text: string
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1')
  } catch {
    return null
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const started = Number(fields[19])
  return Number.isSafeInteger(started) ? { state: fields[0], started } : null
}

export function readBootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim() || null
  } catch {
    return null
  }
}

let current: Owner | undefined

/** This process, as it is stored with the runs it decodes. */
export function currentOwner(): Owner {
  current ??= {
    pid: process.pid,
    host: os.hostname(),
    started: readProcessStat(process.pid)?.started ?? null,
    boot: readBootId(),
  }
  return current
}

/** Whether the process that stored `owner` still runs. Only meaningful for an owner on this host. */
export function isOwnerAlive(owner: Pick<Owner, 'pid' | 'started' | 'boot'>): boolean {
  const here = currentOwner()
  if (here.started !== null) {
    if (owner.boot !== null && owner.boot !== here.boot) return false
    const stat = readProcessStat(owner.pid)
    if (!stat || stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false
    // An owner stored by an older version has no start time: the state check is all there is.
    return owner.started === null || owner.started === stat.started
  }
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
