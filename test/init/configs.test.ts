import { afterAll, describe, expect, it } from 'vitest'
import { leakguard, lineOf, project, removeProjects, texts } from './support'

afterAll(removeProjects)

const APP = { name: 'fixture-app', private: true, type: 'module' }
const CJS_APP = { name: 'fixture-app', private: true }

interface Case {
  name: string
  pkg?: object
  file: string
  before: string
  after: string
  /** The output line for the file, after its name. */
  line: string
  /** Other files the project needs (a vite.config's svelte.config.js). */
  extra?: Record<string, string>
}

const CASES: Case[] = [
  {
    name: 'Vite, TypeScript, defineConfig, plugins one per line with a comment',
    file: 'vite.config.ts',
    before: `import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// https://vite.dev/config/
export default defineConfig({
  plugins: [
    react(), // the app
  ],
  build: { sourcemap: true },
})
`,
    after: `import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import leakguard from 'leakguard/vite'

// https://vite.dev/config/
export default defineConfig({
  plugins: [
    react(), // the app
    leakguard(),
  ],
  build: { sourcemap: true },
})
`,
    line: 'added leakguard() to plugins (Vite)',
  },
  {
    name: 'Vite, an exported function returning the config, double quotes and semicolons',
    file: 'vite.config.mts',
    before: `import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

export default defineConfig(({ mode }) => {
  const base = mode === "production" ? "/app/" : "/";
  return {
    base,
    plugins: [vue()],
  };
});
`,
    after: `import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";
import leakguard from "leakguard/vite";

export default defineConfig(({ mode }) => {
  const base = mode === "production" ? "/app/" : "/";
  return {
    base,
    plugins: [vue(), leakguard()],
  };
});
`,
    line: 'added leakguard() to plugins (Vite)',
  },
  {
    name: 'Rollup, an ESM object',
    file: 'rollup.config.mjs',
    before: `import typescript from '@rollup/plugin-typescript'

export default {
  input: 'src/index.ts',
  output: { dir: 'dist', format: 'esm', sourcemap: true },
  plugins: [typescript()]
}
`,
    after: `import typescript from '@rollup/plugin-typescript'
import leakguard from 'leakguard/rollup'

export default {
  input: 'src/index.ts',
  output: { dir: 'dist', format: 'esm', sourcemap: true },
  plugins: [typescript(), leakguard()]
}
`,
    line: 'added leakguard() to plugins (Rollup)',
  },
  {
    name: 'Rollup, an array of configs (one without plugins, one with an empty list)',
    file: 'rollup.config.js',
    before: `import { defineConfig } from 'rollup'

export default defineConfig([
  {
    input: 'src/index.js',
    output: { file: 'dist/index.mjs', format: 'es' },
  },
  {
    input: 'src/index.js',
    output: { file: 'dist/index.cjs', format: 'cjs' },
    plugins: [],
  },
])
`,
    after: `import { defineConfig } from 'rollup'
import leakguard from 'leakguard/rollup'

export default defineConfig([
  {
    input: 'src/index.js',
    output: { file: 'dist/index.mjs', format: 'es' },
    plugins: [leakguard()],
  },
  {
    input: 'src/index.js',
    output: { file: 'dist/index.cjs', format: 'cjs' },
    plugins: [leakguard()],
  },
])
`,
    line: 'added leakguard() to plugins; added plugins: [leakguard()] (Rollup)',
  },
  {
    name: 'Rolldown, TypeScript, no plugins yet',
    file: 'rolldown.config.ts',
    before: `import { defineConfig } from 'rolldown'

export default defineConfig({
  input: 'src/main.ts',
  output: { dir: 'dist', sourcemap: true, minify: true },
})
`,
    after: `import { defineConfig } from 'rolldown'
import leakguard from 'leakguard/rolldown'

export default defineConfig({
  input: 'src/main.ts',
  output: { dir: 'dist', sourcemap: true, minify: true },
  plugins: [leakguard()],
})
`,
    line: 'added plugins: [leakguard()] (Rolldown)',
  },
  {
    name: 'webpack, CommonJS module.exports = {...}',
    pkg: CJS_APP,
    file: 'webpack.config.js',
    before: `const path = require('path');

module.exports = {
  mode: 'production',
  entry: './src/index.js',
  output: {
    path: path.resolve(__dirname, 'dist'),
  }
};
`,
    after: `const path = require('path');
const leakguard = require('leakguard/webpack').default;

module.exports = {
  mode: 'production',
  entry: './src/index.js',
  output: {
    path: path.resolve(__dirname, 'dist'),
  },
  plugins: [leakguard()]
};
`,
    line: 'added plugins: [leakguard()] (webpack)',
  },
  {
    name: 'webpack, an exported function (env, argv) with a plugins list',
    pkg: CJS_APP,
    file: 'webpack.config.js',
    before: `const path = require('path')
const HtmlWebpackPlugin = require('html-webpack-plugin')

module.exports = (env, argv) => ({
  mode: argv.mode || 'production',
  entry: './src/index.js',
  devtool: 'source-map',
  output: { path: path.resolve(__dirname, 'dist') },
  plugins: [
    new HtmlWebpackPlugin()
  ]
})
`,
    after: `const path = require('path')
const HtmlWebpackPlugin = require('html-webpack-plugin')
const leakguard = require('leakguard/webpack').default

module.exports = (env, argv) => ({
  mode: argv.mode || 'production',
  entry: './src/index.js',
  devtool: 'source-map',
  output: { path: path.resolve(__dirname, 'dist') },
  plugins: [
    new HtmlWebpackPlugin(),
    leakguard()
  ]
})
`,
    line: 'added leakguard() to plugins (webpack)',
  },
  {
    name: 'webpack, a function that builds its config in a variable',
    pkg: CJS_APP,
    file: 'webpack.config.cjs',
    before: `'use strict'

module.exports = function (env) {
  const config = {
    entry: './src/index.js',
  }
  if (env.analyze) config.devtool = false
  return config
}
`,
    after: `'use strict'

const leakguard = require('leakguard/webpack').default

module.exports = function (env) {
  const config = {
    entry: './src/index.js',
    plugins: [leakguard()],
  }
  if (env.analyze) config.devtool = false
  return config
}
`,
    line: 'added plugins: [leakguard()] (webpack)',
  },
  {
    name: 'Rspack, ESM with defineConfig',
    file: 'rspack.config.mjs',
    before: `import { defineConfig } from '@rspack/cli'

export default defineConfig({
  entry: { main: './src/index.js' },
  devtool: 'source-map',
})
`,
    after: `import { defineConfig } from '@rspack/cli'
import leakguard from 'leakguard/rspack'

export default defineConfig({
  entry: { main: './src/index.js' },
  devtool: 'source-map',
  plugins: [leakguard()],
})
`,
    line: 'added plugins: [leakguard()] (Rspack)',
  },
  {
    name: 'an esbuild build script run by scripts.build (build and context share the options)',
    pkg: { ...APP, scripts: { build: 'node scripts/build.mjs' } },
    file: 'scripts/build.mjs',
    before: `import { build, context } from 'esbuild'

const base = { entryPoints: ['src/index.ts'], bundle: true, outdir: 'dist' }
if (process.argv.includes('--watch')) {
  const ctx = await context({ ...base, plugins: [] })
  await ctx.watch()
} else {
  await build(base)
}
`,
    after: `import { build, context } from 'esbuild'
import leakguard from 'leakguard/esbuild'

const base = { entryPoints: ['src/index.ts'], bundle: true, outdir: 'dist', plugins: [leakguard()] }
if (process.argv.includes('--watch')) {
  const ctx = await context({ ...base, plugins: [leakguard()] })
  await ctx.watch()
} else {
  await build(base)
}
`,
    line: 'added leakguard() to plugins; added plugins: [leakguard()] in the context() and build() calls (esbuild)',
  },
  {
    name: 'an esbuild build script in CommonJS, found by its name',
    pkg: CJS_APP,
    file: 'build.js',
    before: `const esbuild = require('esbuild')

const options = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  outdir: 'dist',
}

esbuild.build(options).catch(() => process.exit(1))
`,
    after: `const esbuild = require('esbuild')
const leakguard = require('leakguard/esbuild').default

const options = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  outdir: 'dist',
  plugins: [leakguard()],
}

esbuild.build(options).catch(() => process.exit(1))
`,
    line: 'added plugins: [leakguard()] in the build() call (esbuild)',
  },
  {
    name: 'a Bun build script (no imports at all)',
    pkg: { ...APP, scripts: { build: 'bun run build.ts' } },
    file: 'build.ts',
    before: `const result = await Bun.build({
  entrypoints: ['./src/cli.ts'],
  outdir: './dist',
  sourcemap: 'linked',
})
if (!result.success) process.exit(1)
`,
    after: `import leakguard from 'leakguard/bun'

const result = await Bun.build({
  entrypoints: ['./src/cli.ts'],
  outdir: './dist',
  sourcemap: 'linked',
  plugins: [leakguard()],
})
if (!result.success) process.exit(1)
`,
    line: 'added plugins: [leakguard()] in the Bun.build() call (Bun)',
  },
  {
    name: 'next.config.mjs (the JSDoc type stays with its declaration)',
    file: 'next.config.mjs',
    before: `/** @type {import('next').NextConfig} */
const nextConfig = {};

export default nextConfig;
`,
    after: `import { withLeakguard } from 'leakguard/next';

/** @type {import('next').NextConfig} */
const nextConfig = {};

export default withLeakguard(nextConfig);
`,
    line: 'wrapped the exported config: withLeakguard(nextConfig) (Next.js)',
  },
  {
    name: 'next.config.ts, already wrapped by another plugin',
    file: 'next.config.ts',
    before: `import type { NextConfig } from "next";
import createMDX from "@next/mdx";

const withMDX = createMDX({});

const nextConfig: NextConfig = {
  pageExtensions: ["ts", "tsx", "mdx"],
};

export default withMDX(nextConfig);
`,
    after: `import type { NextConfig } from "next";
import createMDX from "@next/mdx";
import { withLeakguard } from "leakguard/next";

const withMDX = createMDX({});

const nextConfig: NextConfig = {
  pageExtensions: ["ts", "tsx", "mdx"],
};

export default withLeakguard(withMDX(nextConfig));
`,
    line: 'wrapped the exported config: withLeakguard(withMDX(nextConfig)) (Next.js)',
  },
  {
    name: 'nuxt.config.ts without modules',
    file: 'nuxt.config.ts',
    before: `// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  devtools: { enabled: true }
})
`,
    after: `// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  devtools: { enabled: true },
  modules: ['leakguard/nuxt']
})
`,
    line: "added modules: ['leakguard/nuxt'] (Nuxt)",
  },
  {
    name: 'nuxt.config.ts with modules',
    file: 'nuxt.config.ts',
    before: `export default defineNuxtConfig({
  modules: [
    '@nuxt/eslint',
    '@nuxt/image',
  ],
})
`,
    after: `export default defineNuxtConfig({
  modules: [
    '@nuxt/eslint',
    '@nuxt/image',
    'leakguard/nuxt',
  ],
})
`,
    line: "added 'leakguard/nuxt' to modules (Nuxt)",
  },
  {
    name: 'astro.config.mjs as create-astro writes it',
    file: 'astro.config.mjs',
    before: `// @ts-check
import { defineConfig } from 'astro/config';

// https://astro.build/config
export default defineConfig({});
`,
    after: `// @ts-check
import { defineConfig } from 'astro/config';
import leakguard from 'leakguard/astro';

// https://astro.build/config
export default defineConfig({ integrations: [leakguard()] });
`,
    line: 'added integrations: [leakguard()] (Astro)',
  },
  {
    name: 'astro.config.mjs with integrations',
    file: 'astro.config.mjs',
    before: `import { defineConfig } from 'astro/config';
import react from '@astrojs/react';

export default defineConfig({
  integrations: [react()],
});
`,
    after: `import { defineConfig } from 'astro/config';
import react from '@astrojs/react';
import leakguard from 'leakguard/astro';

export default defineConfig({
  integrations: [react(), leakguard()],
});
`,
    line: 'added leakguard() to integrations (Astro)',
  },
  {
    name: 'SvelteKit: vite.config.ts beside svelte.config.js, after sveltekit()',
    pkg: { ...APP, devDependencies: { '@sveltejs/kit': '^2.0.0', 'vite': '^8.0.0' } },
    file: 'vite.config.ts',
    extra: { 'svelte.config.js': "import adapter from '@sveltejs/adapter-node';\n\nexport default { kit: { adapter: adapter() } };\n" },
    before: `import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()]
});
`,
    after: `import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import leakguard from 'leakguard/vite';

export default defineConfig({
	plugins: [sveltekit(), leakguard()]
});
`,
    line: 'added leakguard() to plugins, after sveltekit() (SvelteKit)',
  },
  {
    name: 'React Router: vite.config.ts, after reactRouter()',
    pkg: { ...APP, devDependencies: { '@react-router/dev': '^7.0.0' } },
    file: 'vite.config.ts',
    extra: { 'react-router.config.ts': 'import type { Config } from "@react-router/dev/config";\n\nexport default { ssr: true } satisfies Config;\n' },
    before: `import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
});
`,
    after: `import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import leakguard from "leakguard/vite";

export default defineConfig({
  plugins: [tailwindcss(), reactRouter(), leakguard()],
});
`,
    line: 'added leakguard() to plugins, after reactRouter() (React Router)',
  },
]

describe('leakguard init: the one documented line in each kind of config', () => {
  it.each(CASES)('$name', async (c) => {
    const dir = await project({ 'package.json': c.pkg ?? APP, [c.file]: c.before, ...c.extra })
    const untouched = await texts(dir)
    delete untouched[c.file]

    const first = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(lineOf(first.stdout, c.file)).toBe(c.line)
    const after = await texts(dir)
    expect(after[c.file]).toBe(c.after)
    delete after[c.file]
    expect(after).toEqual(untouched)

    // Idempotent: the second run finds leakguard and writes nothing.
    const second = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(second.code).toBe(0)
    expect(lineOf(second.stdout, c.file)).toBe(`already has leakguard: left as it is (${c.line.match(/\(([^()]+)\)$/)![1]})`)
    expect((await texts(dir))[c.file]).toBe(c.after)
  })
})
