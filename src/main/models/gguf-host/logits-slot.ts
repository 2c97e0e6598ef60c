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
 * The slot starts with a header (the answer's seq, its count of arrays and their lengths), written
 * after the arrays, so that a parent waiting on a fast step can poll it instead of sleeping until the
 * message wakes it: on this kind of machine each wake-up costs about 0.1 ms, a twentieth of a step.
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

/** Header: seq, count, then up to MAX_ARRAYS lengths, as int32; the arrays follow at DATA_OFFSET. */
const MAX_ARRAYS = 30
const DATA_OFFSET = 4 * (2 + MAX_ARRAYS)

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

  private readonly header = new Int32Array(2 + MAX_ARRAYS)

  /** Reads the arrays the host wrote for answer `seq`, one after another. */
  read(seq: number, lengths: readonly number[]): Float32Array[] {
    if (this.closed) throw new Error(`the logits slot ${this.file} is closed`)
    let position = DATA_OFFSET
    const out = lengths.map((n) => {
      const logits = new Float32Array(n)
      readFully(this.fd, new Uint8Array(logits.buffer), position)
      position += logits.byteLength
      return logits
    })
    this.consumed = seq
    return out
  }

  /**
   * Polls the header until the host has written answer `seq` or `deadline` (performance.now()) has
   * passed; then the answer's arrays, or null (the answer comes by message).
   */
  poll(seq: number, deadline: number): Float32Array[] | null {
    if (this.closed) return null
    const header = new Uint8Array(this.header.buffer)
    do {
      readFully(this.fd, header, 0)
      if (this.header[0] === seq) {
        const count = this.header[1]
        return this.read(seq, Array.from(this.header.subarray(2, 2 + count)))
      }
    } while (performance.now() < deadline)
    return null
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
  private readonly header = new Int32Array(2 + MAX_ARRAYS)

  private constructor(private readonly fd: number) {}

  static open(file: string | undefined): LogitsSlotWriter | null {
    if (!file) return null
    try {
      const fd = fs.openSync(file, 'r+')
      // A header of zeros: no answer yet.
      writeFully(fd, new Uint8Array(DATA_OFFSET), 0)
      return new LogitsSlotWriter(fd)
    } catch {
      return null
    }
  }

  heard(consumed: number): void {
    if (consumed > this.state.consumed) this.state.consumed = consumed
  }

  /** Writes the arrays for answer `seq` and returns their lengths, or null when the slot is still unread. */
  write(seq: number, arrays: readonly Float32Array[]): number[] | null {
    if (this.state.written !== this.state.consumed || arrays.length > MAX_ARRAYS) return null
    let position = DATA_OFFSET
    for (const a of arrays) {
      writeFully(this.fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength), position)
      position += a.byteLength
    }
    this.header[0] = seq
    this.header[1] = arrays.length
    arrays.forEach((a, i) => (this.header[2 + i] = a.length))
    writeFully(this.fd, new Uint8Array(this.header.buffer), 0)
    this.state.written = seq
    return arrays.map((a) => a.length)
  }
}
