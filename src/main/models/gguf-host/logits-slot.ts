import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * Logits cross from a model host to its parent through a file in shared memory (/dev/shm where there
 * is one), not through the IPC pipe: on a 152k vocabulary a pipe message costs about three times the
 * write and read of the file. The pipe carries only the lengths.
 *
 * The host overwrites the slot on every answer, so it may write only once the parent has read the
 * last answer it wrote there: every call carries the seq of the last slot answer the parent read
 * (`consumed`), and an answer that may not use the slot travels inline instead.
 *
 * (Polling the slot for an answer, to save the wake-up a message costs, made steps slower here: the
 * spinning process takes the CPU from llama.cpp. Runs are decoded in the host instead: see decodeInHost.)
 */
export interface SlotState {
  /** The seq of the last answer written to the slot (0: none). */
  written: number
  /** The highest `consumed` seq the parent has reported. */
  consumed: number
}

const slotFolder = (): string => {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK)
    return '/dev/shm'
  } catch {
    return os.tmpdir()
  }
}

let made = 0

function readFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0
  while (done < bytes.length) {
    const got = fs.readSync(fd, bytes, done, bytes.length - done, position + done)
    if (got === 0) throw new Error('the logits slot ended early')
    done += got
  }
}

function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done)
}

/** The parent's side: creates the slot file, reads answers from it. */
export class LogitsSlotReader {
  /** The seq of the last slot answer read. */
  consumed = 0
  private unlinked = false
  private closed = false

  private constructor(
    readonly file: string,
    private readonly fd: number,
  ) {}

  /** Null where no slot file can be made: answers then travel inline. */
  static create(): LogitsSlotReader | null {
    const file = path.join(slotFolder(), `decoding-lab-logits-${process.pid}-${++made}-${Date.now()}`)
    try {
      return new LogitsSlotReader(file, fs.openSync(file, 'w+', 0o600))
    } catch {
      return null
    }
  }

  /** Reads the arrays the host wrote for answer `seq`, one after another. */
  read(seq: number, lengths: readonly number[]): Float32Array[] {
    if (this.closed) throw new Error(`the logits slot ${this.file} is closed`)
    let position = 0
    const out = lengths.map((n) => {
      const logits = new Float32Array(n)
      readFully(this.fd, new Uint8Array(logits.buffer), position)
      position += logits.byteLength
      return logits
    })
    this.consumed = seq
    return out
  }

  /** Removes the file's name once the host has it open; its memory lasts while either side holds it. */
  unlink(): void {
    if (this.unlinked) return
    this.unlinked = true
    try {
      fs.unlinkSync(this.file)
    } catch {
      // Windows keeps an open file's name; close() tries again.
      this.unlinked = false
    }
  }

  close(): void {
    // Once only: the number could belong to another file by a second close.
    if (!this.closed) fs.closeSync(this.fd)
    this.closed = true
    this.unlink()
  }
}

/** The host's side: writes answers to the slot when the parent has read the last one. */
export class LogitsSlotWriter {
  readonly state: SlotState = { written: 0, consumed: 0 }

  private constructor(private readonly fd: number) {}

  static open(file: string | undefined): LogitsSlotWriter | null {
    if (!file) return null
    try {
      return new LogitsSlotWriter(fs.openSync(file, 'r+'))
    } catch {
      return null
    }
  }

  heard(consumed: number): void {
    if (consumed > this.state.consumed) this.state.consumed = consumed
  }

  /** Writes the arrays for answer `seq` and returns their lengths, or null when the slot is still unread. */
  write(seq: number, arrays: readonly Float32Array[]): number[] | null {
    if (this.state.written !== this.state.consumed) return null
    let position = 0
    for (const a of arrays) {
      writeFully(this.fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength), position)
      position += a.byteLength
    }
    this.state.written = seq
    return arrays.map((a) => a.length)
  }
}
