import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The stack's URLs are not built in: the page reads /kith-config.json from the server that serves it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1024 },
  logLevel: "warn",
});
