import { withLeakguard } from 'leakguard/next'

/** @type {import('next').NextConfig} */
const nextConfig = { productionBrowserSourceMaps: true }

// The tests build this app with and without leakguard (LEAKGUARD=off): the first proves what Next ships alone.
export default process.env.LEAKGUARD === 'off' ? nextConfig : withLeakguard(nextConfig)
