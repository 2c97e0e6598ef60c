/** Saves files the main process sent: a download in browser mode, Electron's save dialog in the desktop app. */
export function downloadFiles(files: readonly { fileName: string; mime: string; base64: string }[]): void {
  for (const f of files) {
    const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))
    const url = URL.createObjectURL(new Blob([bytes], { type: f.mime }))
    const link = document.createElement('a')
    link.href = url
    link.download = f.fileName
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}
