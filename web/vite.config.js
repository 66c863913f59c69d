// Builds the web interface into ../docarchive/web_dist, which `docarchive serve` serves at /.
// Element Plus components and their styles are imported on demand (only what the screens use is shipped).
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

export default defineConfig({
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../docarchive/web_dist', import.meta.url)),
    emptyOutDir: true,
    reportCompressedSize: false, // the machine is shared: skip gzipping every chunk at build time
    chunkSizeWarningLimit: 800,
  },
  // `npm run dev` proxies the API to a local `docarchive serve`.
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
})
