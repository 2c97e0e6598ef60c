import { app, BrowserWindow, dialog, safeStorage, session } from 'electron'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { bindContract, eventSender } from './ipc/electron-bridge'
import { relayModelHosts } from './models/gguf-host/electron-host-relay'
import { FileSecretStore } from './models/remote/secret-store'
import { DATA_DIR, databasePath } from './paths'
import { CONTENT_SECURITY_POLICY } from './security'
import { LabService } from './services/lab-service'
import { hashOf, readWindowState, windowStateFile, writeWindowState } from './window/window-state'

// Electron main process: one sandboxed window on the built renderer. The window may not navigate,
// open other windows, attach webviews or get any permission; everything it needs ships with it.

app.enableSandbox()

const RENDERER_HTML = path.join(__dirname, '../renderer/index.html')
let mainWindow: BrowserWindow | null = null

function createWindow(): BrowserWindow {
  const stateFile = windowStateFile(DATA_DIR)
  const saved = readWindowState(stateFile)
  const win = new BrowserWindow({
    ...saved.bounds,
    title: 'Decoding Lab',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  win.once('ready-to-show', () => {
    if (saved.maximized) win.maximize()
    win.show()
  })
  // A restart returns to the experiment, tab and selection the window was left on.
  void win.loadFile(RENDERER_HTML, saved.hash ? { hash: saved.hash } : undefined)
  win.on('close', () => {
    const state = {
      bounds: win.getNormalBounds(),
      maximized: win.isMaximized(),
      hash: hashOf(win.webContents.getURL()),
    }
    try {
      writeWindowState(stateFile, state)
    } catch {
      // A read-only data folder costs only the restored layout.
    }
  })
  mainWindow = win
  win.on('closed', () => (mainWindow = null))
  return win
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

app.whenReady().then(() => {
  // The same policy is in index.html's meta tag; the header covers any response that has headers.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)

  // GGUF models run in utility processes that this thread starts for the decode worker (a llama.cpp abort ends only one).
  const stopModelHosts = relayModelHosts(path.join(__dirname, 'gguf-host.js'))
  app.on('will-quit', stopModelHosts)
  // Decoding runs in the service's worker thread; this thread only routes requests and events.
  const service = new LabService(
    databasePath(),
    eventSender(() => mainWindow?.webContents ?? null),
  )
  const rendererUrl = pathToFileURL(RENDERER_HTML).href
  // Desktop-only answers, set on the service itself so that its state (worker, queue) stays in one object.
  service['models.pickFile'] = async () => {
    const options = {
      title: 'Open a model file',
      properties: ['openFile' as const],
      filters: [{ name: 'Models', extensions: ['gguf', 'json'] }],
    }
    const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
    if (picked.canceled || picked.filePaths.length === 0) return { path: null }
    return { path: (await service['models.openFile']({ path: picked.filePaths[0] })).path }
  }
  // Remote engines' API keys, encrypted with the OS keychain; decrypted here only to hand to a run's worker.
  service.secrets = new FileSecretStore(path.join(DATA_DIR, 'remote-keys'), {
    available: () => safeStorage.isEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  })
  const exportReport = service['report.export'].bind(service)
  service['report.export'] = (request) => exportReport(request, printToPdf)
  bindContract(service, (url) => url.split('#')[0] === rendererUrl)
  app.on('will-quit', () => void service.close())

  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

/** Electron's own print to PDF of a report, in a hidden window with scripts off (reports need none). */
async function printToPdf(html: string): Promise<Buffer> {
  // From a file: a large report would exceed what a data: URL may hold.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-pdf-'))
  const file = path.join(dir, 'report.html')
  fs.writeFileSync(file, html)
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, javascript: false, contextIsolation: true, nodeIntegration: false },
  })
  try {
    await win.loadFile(file)
    // The report sets its own page (A4 landscape, see the @page rule in core/report/html.ts); tree pieces are cut to fit it.
    return await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true })
  } finally {
    win.destroy()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
