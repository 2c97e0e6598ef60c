import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY } from './src/main/security'

/** Fails the build when index.html's CSP meta tag drifts from the policy main sends as a header. */
function cspMetaMatchesHeader(): Plugin {
  return {
    name: 'decoding-lab:csp-meta',
    transformIndexHtml(html) {
      const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1]
      if (meta !== CONTENT_SECURITY_POLICY) {
        throw new Error(
          `index.html's Content-Security-Policy meta tag must equal src/main/security.ts: ${CONTENT_SECURITY_POLICY}`,
        )
      }
      return html
    },
  }
}

/**
 * Lists the app's code (boot.tsx's chunk and what it imports) as modulepreload links in index.html.
 * main.tsx imports it dynamically, after asking for the history's first page; preloaded, it downloads
 * alongside the entry instead of after it.
 */
function preloadBoot(): Plugin {
  return {
    name: 'decoding-lab:preload-boot',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk')
        const boot = chunks.find((c) => c.facadeModuleId?.endsWith('/src/renderer/src/boot.tsx'))
        if (!boot) throw new Error('the renderer build has no boot.tsx chunk to preload')
        const files = new Set<string>()
        const add = (file: string): void => {
          if (files.has(file)) return
          files.add(file)
          for (const dep of chunks.find((c) => c.fileName === file)?.imports ?? []) add(dep)
        }
        add(boot.fileName)
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
          injectTo: 'head' as const,
        }))
      },
    },
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The decoding worker thread, loaded by path from out/main.
          'decode-worker': resolve(__dirname, 'src/main/services/decode-worker.ts'),
          // The GGUF model host: a child process (utilityProcess in Electron) that a llama.cpp abort takes down alone.
          'gguf-host': resolve(__dirname, 'src/main/models/gguf-host/host-entry.ts'),
          // The thread that checks a model file the app is pointed at (models.openFile).
          'check-model-worker': resolve(__dirname, 'src/main/services/check-model-worker.ts'),
        },
      },
      // Native addons stay in node_modules, loaded at run time (dependencies are external by default too).
      externalizeDeps: { include: ['better-sqlite3', 'node-llama-cpp'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(__dirname, 'src/preload/index.ts') },
      // A sandboxed preload can require only `electron`: bundle everything else into it.
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; minified, the first paint of browser mode comes sooner.
      // RENDERER_SOURCEMAP=1: unminified with source maps, to read a browser profile by function name.
      minify: process.env.RENDERER_SOURCEMAP !== '1',
      sourcemap: process.env.RENDERER_SOURCEMAP === '1',
      rolldownOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
    plugins: [react(), cspMetaMatchesHeader(), preloadBoot()],
  },
})
